"""A member's figures by year: the service that writes them (history, the member's latest figures, refusals) and
an evaluation of an earlier year reading that year's figures.

Who may read and write a member's years through the API is in the cross-tenant matrix (tests/matrix/members.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clusters.imports.job import import_job_commit, import_job_run
from clusters.members import services
from clusters.members.demo import member_years_from_figures
from clusters.models import Collaboration, ImportJob, Member, MemberYear, NetworkAnalysis
from clusters.network import services as network_services
from clusters.network.drawing import network_graph
from monitoring.evaluation import grading
from monitoring.evaluation import services as monitoring_services

from .builders.imports_files import code, member_row, members_csv
from .builders.members import english, errors, post_member
from .builders.monitoring import ALL_TIERS
from .conftest import count_queries
from .factories import CollaborationFactory, MemberFactory

LAST_COMPLETED = timezone.localdate().year - 1


def figures(member, year):
    return MemberYear.objects.get(member=member, year=year)


# The service ------------------------------------------------------------------------------------------------------


def test_figures_of_a_year_are_recorded_with_their_author_and_history(world):
    member = MemberFactory(cluster=world.nanjing_cluster)
    row = services.member_figures_set(
        member=member, year=2023, by=world.nanjing_body, revenue=Decimal(500), is_leading=True
    )
    services.member_figures_set(member=member, year=2023, by=world.nanjing_body, revenue=Decimal(650))
    row.refresh_from_db()
    assert (row.revenue, row.is_leading, row.cluster_id) == (Decimal(650), True, world.nanjing_cluster.pk)
    history = list(row.history.order_by("history_date", "history_id").values_list("history_type", "revenue"))
    assert history == [("+", Decimal(500)), ("~", Decimal(650))]
    assert {record.history_user for record in row.history.all()} == {world.nanjing_body}


def test_the_latest_year_is_mirrored_on_the_member_and_an_earlier_year_is_not(world):
    member = MemberFactory(cluster=world.nanjing_cluster)
    services.member_figures_set(member=member, year=2024, by=world.nanjing_body, revenue=Decimal(900))
    member.refresh_from_db()
    assert member.revenue == Decimal(900)

    services.member_figures_set(member=member, year=2022, by=world.nanjing_body, revenue=Decimal(300), patents=4)
    member.refresh_from_db()
    assert (member.revenue, member.patents) == (Decimal(900), None)  # 2024 is still the latest year
    assert (figures(member, 2022).revenue, figures(member, 2022).patents) == (Decimal(300), 4)

    services.member_figures_set(member=member, year=2025, by=world.nanjing_body, is_single_champion=True)
    member.refresh_from_db()
    # A new year starts from the member's latest figures: only the figure given changed.
    assert (member.revenue, member.is_single_champion) == (Decimal(900), True)
    assert (figures(member, 2025).revenue, figures(member, 2025).is_single_champion) == (Decimal(900), True)
    assert figures(member, 2024).is_single_champion is False


@pytest.mark.parametrize("year", [1999, LAST_COMPLETED + 2])
def test_a_year_outside_the_programme_is_refused_and_nothing_is_written(world, year):
    member = MemberFactory(cluster=world.nanjing_cluster, revenue=Decimal(10))
    with pytest.raises(ValidationError) as caught:
        services.member_figures_set(member=member, year=year, by=world.nanjing_body, revenue=Decimal(20))
    assert list(caught.value.message_dict) == ["year"]
    assert not MemberYear.objects.filter(member=member).exists()
    member.refresh_from_db()
    assert member.revenue == Decimal(10)


def test_negative_amounts_are_field_errors_and_change_nothing(world):
    member = MemberFactory(cluster=world.nanjing_cluster)
    services.member_figures_set(member=member, year=2024, by=world.nanjing_body, revenue=Decimal(5))
    with pytest.raises(ValidationError) as caught:
        services.member_figures_set(member=member, year=2024, by=world.nanjing_body, revenue=Decimal(-1), rd_spend=-2)
    assert set(caught.value.message_dict) == {"revenue", "rd_spend"}
    assert figures(member, 2024).revenue == Decimal(5)
    assert figures(member, 2024).history.count() == 1


def test_unknown_figures_are_a_programming_error(world):
    member = MemberFactory(cluster=world.nanjing_cluster)
    with pytest.raises(TypeError):
        services.member_figures_set(member=member, year=2024, by=world.nanjing_body, name="x")


def test_a_new_member_has_figures_for_the_last_completed_year_unless_told(world):
    cluster = world.nanjing_cluster
    default = services.member_create(cluster=cluster, by=world.nanjing_body, name="甲", revenue=Decimal(7))
    told = services.member_create(cluster=cluster, by=world.nanjing_body, name="乙", revenue=Decimal(8), year=2021)
    assert list(default.years.values_list("year", "revenue")) == [(LAST_COMPLETED, Decimal(7))]
    assert list(told.years.values_list("year", "revenue")) == [(2021, Decimal(8))]


def test_a_new_member_with_a_wrong_year_is_refused_whole(world):
    with pytest.raises(ValidationError) as caught:
        services.member_create(cluster=world.nanjing_cluster, by=world.nanjing_body, name="甲", year=1990)
    assert "year" in caught.value.message_dict
    assert not Member.objects.filter(name="甲").exists()


def test_updating_an_earlier_year_keeps_the_members_latest_figures(world):
    member = services.member_create(
        cluster=world.nanjing_cluster, by=world.nanjing_body, name="甲", revenue=Decimal(100), year=2024
    )
    services.member_update(member=member, by=world.nanjing_body, year=2023, revenue=Decimal(80), name="甲公司")
    member.refresh_from_db()
    assert (member.name, member.revenue) == ("甲公司", Decimal(100))
    assert dict(member.years.values_list("year", "revenue")) == {2023: Decimal(80), 2024: Decimal(100)}


def test_an_update_without_figures_writes_no_year(world):
    member = services.member_create(cluster=world.nanjing_cluster, by=world.nanjing_body, name="甲", year=2024)
    services.member_update(member=member, by=world.nanjing_body, name="甲公司")
    assert list(member.years.values_list("year", flat=True)) == [2024]


def test_an_update_with_bad_figures_and_a_bad_name_reports_both_and_changes_nothing(world):
    member = services.member_create(cluster=world.nanjing_cluster, by=world.nanjing_body, name="甲", year=2024)
    with pytest.raises(ValidationError) as caught:
        services.member_update(member=member, by=world.nanjing_body, year=2024, revenue=Decimal(-5), name="\x1b")
    assert {"revenue", "name"} <= set(caught.value.message_dict)
    member.refresh_from_db()
    assert member.name == "甲" and figures(member, 2024).revenue is None


# An evaluation of an earlier year reads that year's figures ---------------------------------------------------------


def _members_input(year):
    evaluation = monitoring_services.evaluation_start(year=year, tiers=ALL_TIERS, by=None)
    grading.evaluate(evaluation.pk)
    evaluation.refresh_from_db()
    return {result.cluster_id: result.inputs["members"] for result in evaluation.results.all()}


def test_a_monitoring_evaluation_of_an_earlier_year_reads_that_years_member_figures(world):
    cluster, by = world.nanjing_cluster, world.nanjing_body
    leader = MemberFactory(cluster=cluster, joined_year=2015, kind=Member.Kind.ENTERPRISE)
    supplier = MemberFactory(cluster=cluster, joined_year=2016, kind=Member.Kind.ENTERPRISE)
    newcomer = MemberFactory(cluster=cluster, joined_year=2024, kind=Member.Kind.ENTERPRISE)
    # 2023: the leader is not yet leading and the supplier is a little giant; 2024 turns both round.
    services.member_figures_set(member=leader, year=2023, by=by, revenue=Decimal(600), is_leading=False)
    services.member_figures_set(member=supplier, year=2023, by=by, revenue=Decimal(400), is_little_giant=True)
    services.member_figures_set(member=leader, year=2024, by=by, revenue=Decimal(900), is_leading=True)
    services.member_figures_set(member=supplier, year=2024, by=by, revenue=Decimal(100), is_little_giant=False)
    services.member_figures_set(member=newcomer, year=2024, by=by, revenue=Decimal(0))

    # Today's member table holds the 2024 figures; the 2023 evaluation does not read them.
    leader.refresh_from_db()
    assert (leader.is_leading, leader.revenue) == (True, Decimal(900))
    of_2023, of_2024 = _members_input(2023)[cluster.pk], _members_input(2024)[cluster.pk]
    assert (of_2023["total"], of_2023["leading"], of_2023["champions"]) == (2, 0, 1)
    assert (of_2023["revenue_total"], of_2023["revenue_largest"]) == (1000.0, 600.0)
    assert (of_2024["total"], of_2024["leading"], of_2024["champions"]) == (3, 1, 0)
    assert (of_2024["revenue_total"], of_2024["revenue_largest"], of_2024["new_members"]) == (1000.0, 900.0, 1)


def test_a_member_without_figures_for_the_year_counts_as_missing(world):
    cluster, by = world.nanjing_cluster, world.nanjing_body
    leader = MemberFactory(cluster=cluster, joined_year=2010, is_leading=True, revenue=Decimal(50))
    services.member_figures_set(member=leader, year=2024, by=by)
    inputs = _members_input(2023)
    assert inputs.get(cluster.pk) == {}  # no figures for 2023: no leading enterprise, no revenue, no member
    assert _members_input(2024)[cluster.pk]["leading"] == 1


def test_removing_a_members_year_never_raises_the_members_score(world):
    cluster, by = world.nanjing_cluster, world.nanjing_body
    members = [MemberFactory(cluster=cluster, joined_year=2020) for _ in range(3)]
    for member in members:
        services.member_figures_set(member=member, year=2024, by=by, is_leading=True, is_single_champion=True)

    def members_score():
        evaluation = monitoring_services.evaluation_start(year=2024, tiers=ALL_TIERS, by=None)
        grading.evaluate(evaluation.pk)
        return evaluation.results.get(cluster=cluster).scores

    before = members_score()
    MemberYear.objects.filter(member=members[0], year=2024).delete()
    after = members_score()
    assert after == before or all(
        after[key]["score"] <= before[key]["score"] for key in before if isinstance(before[key], dict)
    )
    assert after != before  # the missing row did count


# The API ----------------------------------------------------------------------------------------------------------


def _member_with_years(world, **years):
    """A Nanjing member with figures for the given years ({"y2023": {...}})."""
    member = MemberFactory(cluster=world.nanjing_cluster)
    for key, values in years.items():
        services.member_figures_set(member=member, year=int(key[1:]), by=world.nanjing_body, **values)
    return member


def test_the_api_lists_a_members_years_latest_first(world, nanjing):
    member = _member_with_years(world, y2022={"revenue": Decimal(5)}, y2024={"revenue": Decimal("7.5"), "patents": 3})
    body = nanjing.get(reverse("api:member-years", args=[member.pk])).json()
    assert [(row["year"], row["revenue"], row["patents"]) for row in body] == [(2024, "7.50", 3), (2022, "5.00", None)]
    assert body[0]["member"] == member.pk and body[0]["is_local"] is True


def test_the_api_writes_a_year_and_its_history_names_the_author(world, nanjing):
    member = _member_with_years(world, y2024={"revenue": Decimal(100)})
    url = reverse("api:member-year", args=[member.pk, 2023])
    response = nanjing.patch(url, {"revenue": "80", "is_single_champion": True}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["year"], response.json()["revenue"], response.json()["is_single_champion"]) == (
        2023,
        "80.00",
        True,
    )
    nanjing.patch(url, {"revenue": "85"}, format="json")
    member.refresh_from_db()
    assert member.revenue == Decimal(100)  # 2024 stays the member's latest year
    history = nanjing.get(reverse("api:member-year-history", args=[member.pk, 2023])).json()
    assert [entry["user"] for entry in history] == [world.nanjing_body.username] * 2
    assert history[0]["changes"] == [{"field": "revenue", "label": "revenue (10k CNY)", "old": "80.00", "new": "85.00"}]
    assert nanjing.get(url).json()["revenue"] == "85.00"


def test_the_api_refuses_a_year_outside_the_programme_and_bad_figures(world, nanjing):
    member = _member_with_years(world, y2024={"revenue": Decimal(1)})
    response = nanjing.patch(reverse("api:member-year", args=[member.pk, 1999]), {"revenue": "2"}, format="json")
    assert response.status_code == 400 and list(errors(response)) == ["year"]
    response = nanjing.patch(reverse("api:member-year", args=[member.pk, 2024]), {"revenue": "-2"}, format="json")
    assert response.status_code == 400 and list(errors(response)) == ["revenue"]
    response = nanjing.patch(reverse("api:member-year", args=[member.pk, 2024]), {"employees": 1.5}, format="json")
    assert response.status_code == 400 and list(errors(response)) == ["employees"]
    assert list(member.years.values_list("year", "revenue")) == [(2024, Decimal(1))]


def test_a_year_without_figures_is_a_404(world, nanjing):
    member = _member_with_years(world, y2024={})
    assert nanjing.get(reverse("api:member-year", args=[member.pk, 2020])).status_code == 404
    assert nanjing.get(reverse("api:member-year-history", args=[member.pk, 2020])).status_code == 404


def test_a_viewer_reads_the_years_but_may_not_write_them(world, client_for):
    member = _member_with_years(world, y2024={"revenue": Decimal(1)})
    viewer = client_for(world.user("nanjing_viewer"))
    assert viewer.get(reverse("api:member-years", args=[member.pk])).status_code == 200
    response = viewer.patch(reverse("api:member-year", args=[member.pk, 2024]), {"revenue": "9"}, format="json")
    assert response.status_code == 403
    assert member.years.get().revenue == Decimal(1)


def test_creating_and_changing_a_member_through_the_api_takes_the_year_of_its_figures(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, revenue="300", year=2022)
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert "year" not in response.json()
    response = nanjing.patch(
        reverse("api:member-detail", args=[member.pk]), {"revenue": "350", "year": 2023}, format="json"
    )
    assert response.status_code == 200 and response.json()["revenue"] == "350.00"
    assert dict(member.years.values_list("year", "revenue")) == {2022: Decimal(300), 2023: Decimal(350)}
    response = nanjing.patch(reverse("api:member-detail", args=[member.pk]), {"year": 1980}, format="json")
    assert response.status_code == 400 and "year" in errors(response)


def test_the_member_list_of_a_year_holds_that_years_figures(world, nanjing):
    early = _member_with_years(
        world, y2023={"revenue": Decimal(10), "is_leading": True}, y2024={"revenue": Decimal(99), "is_leading": False}
    )
    late = _member_with_years(world, y2023={"revenue": Decimal(50)}, y2024={"revenue": Decimal(1)})
    _member_with_years(world, y2024={"revenue": Decimal(5)})  # no figures for 2023
    url = reverse("api:member-list")
    body = nanjing.get(url, {"cluster": world.nanjing_cluster.pk, "year": 2023, "ordering": "-revenue"}).json()
    assert [(row["id"], row["revenue"], row["year"]) for row in body["results"]] == [
        (late.pk, "50.00", 2023),
        (early.pk, "10.00", 2023),
    ]
    assert body["count"] == 2
    leading = nanjing.get(url, {"year": 2023, "designation": "is_leading"}).json()["results"]
    assert [row["id"] for row in leading] == [early.pk]
    assert nanjing.get(url, {"year": 2024, "is_leading": "true"}).json()["count"] == 0
    today = nanjing.get(url, {"cluster": world.nanjing_cluster.pk, "ordering": "-revenue"}).json()["results"]
    assert (today[0]["id"], today[0]["revenue"]) == (early.pk, "99.00") and "year" not in today[0]


def test_a_member_list_year_outside_the_range_is_a_field_error(world, nanjing):
    response = nanjing.get(reverse("api:member-list"), {"year": 1990})
    assert response.status_code == 400 and "year" in errors(response)


def test_the_member_list_of_a_year_runs_as_many_queries_for_one_member_as_for_many(world, nanjing):
    url, params = reverse("api:member-list"), {"year": 2024, "cluster": world.nanjing_cluster.pk}
    _member_with_years(world, y2024={"revenue": Decimal(1)})
    nanjing.get(url, params)
    one = count_queries(lambda: nanjing.get(url, params))
    members = MemberFactory.create_batch(60, cluster=world.nanjing_cluster)
    member_years_from_figures(members=Member.objects.filter(pk__in=[m.pk for m in members]), years=(2024,), log=None)
    assert nanjing.get(url, params).json()["count"] == 61
    assert count_queries(lambda: nanjing.get(url, params)) == one


def test_a_members_years_run_as_many_queries_for_one_year_as_for_many(world, nanjing):
    member = _member_with_years(world, y2024={})
    url = reverse("api:member-years", args=[member.pk])
    nanjing.get(url)
    one = count_queries(lambda: nanjing.get(url))
    for year in range(2005, 2024):
        services.member_figures_set(member=member, year=year, by=world.nanjing_body)
    assert len(nanjing.get(url).json()) == 20
    assert count_queries(lambda: nanjing.get(url)) == one


# The pages --------------------------------------------------------------------------------------------------------


def test_the_edit_page_shows_and_writes_the_figures_of_the_year_it_is_for(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    member = _member_with_years(world, y2023={"revenue": Decimal(40)}, y2024={"revenue": Decimal(90)})
    url = reverse("cluster-member-edit", args=[world.nanjing_cluster.pk, member.pk])
    form = client.get(url, {"year": 2023}).context["form"]
    assert (form.initial["year"], form.initial["revenue"]) == (2023, Decimal(40))
    data = {"name": member.name, "kind": "enterprise", "is_local": "on", "revenue": "45", "year": "2023"}
    response = client.post(url, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert dict(member.years.values_list("year", "revenue")) == {2023: Decimal(45), 2024: Decimal(90)}
    assert member.revenue == Decimal(90)


def test_the_edit_page_refuses_a_year_outside_the_programme_at_its_field(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    member = _member_with_years(world, y2024={"revenue": Decimal(90)})
    url = reverse("cluster-member-edit", args=[world.nanjing_cluster.pk, member.pk])
    response = client.post(url, {"name": "改名", "kind": "enterprise", "revenue": "1", "year": "1999"})
    assert response.status_code == 200
    assert "Enter a year between 2000" in response.context["form"].errors["year"][0]
    member.refresh_from_db()
    assert member.name != "改名" and list(member.years.values_list("year", flat=True)) == [2024]


def test_the_add_page_records_the_figures_for_the_last_completed_year_by_default(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    response = client.post(url, {"name": "页面成员", "kind": "enterprise", "is_local": "on", "revenue": "12"})
    assert response.status_code == 302
    member = Member.objects.get(name="页面成员")
    assert list(member.years.values_list("year", "revenue")) == [(LAST_COMPLETED, Decimal(12))]


def test_the_detail_page_lists_the_members_years(world, page_client_for):
    member = _member_with_years(world, y2022={"revenue": Decimal(3)}, y2024={"revenue": Decimal(8), "is_leading": True})
    page = page_client_for(world.nanjing_viewer).get(
        reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, member.pk])
    )
    assert [row.year for row in page.context["years"]] == [2024, 2022]
    html = page.content.decode()
    assert 'id="member-years"' in html and 'id="member-year-add"' not in html  # a viewer edits nothing


# Imports ----------------------------------------------------------------------------------------------------------


def test_an_import_writes_the_figures_of_the_year_the_file_is_for(world, links, upload):
    _response, dry = upload(members_csv([member_row(1, revenue="500", is_leading="是")]), year=2022)
    assert (dry.status, dry.year) == (ImportJob.Status.SUCCEEDED, 2022)
    assert not MemberYear.objects.exists()  # a dry run writes nothing
    commit = import_job_commit(job=dry, by=world.nanjing_body)
    assert commit.year == 2022
    import_job_run(job=commit)
    commit.refresh_from_db()
    assert commit.status == ImportJob.Status.SUCCEEDED, commit.report
    member = Member.objects.get(credit_code=code(1))
    row = member.years.get()
    assert (row.year, row.revenue, row.is_leading, row.employees) == (2022, Decimal(500), True, 300)
    assert [(r.history_type, r.history_user) for r in row.history.all()] == [("+", world.nanjing_body)]
    assert member.revenue == Decimal(500)  # its only year is its latest


def test_an_import_of_an_earlier_year_keeps_the_members_latest_figures(world, links, upload):
    upload(members_csv([member_row(1, revenue="900", is_leading="是")]), dry_run=False, year=2024)
    _response, job = upload(
        members_csv([member_row(1, revenue="700", is_leading="否"), member_row(2, revenue="50")]),
        dry_run=False,
        year=2023,
    )
    assert (job.status, job.year, job.created_rows, job.updated_rows) == (ImportJob.Status.SUCCEEDED, 2023, 1, 1)
    first, second = Member.objects.get(credit_code=code(1)), Member.objects.get(credit_code=code(2))
    assert dict(first.years.values_list("year", "revenue")) == {2023: Decimal(700), 2024: Decimal(900)}
    assert (first.revenue, first.is_leading) == (Decimal(900), True)  # 2024 is still its latest year
    assert list(second.years.values_list("year", "revenue")) == [(2023, Decimal(50))]
    assert second.revenue == Decimal(50)
    # Re-importing the same year changes the year's row (with history), not a new one.
    upload(members_csv([member_row(1, revenue="710")]), dry_run=False, year=2023)
    row = first.years.get(year=2023)
    assert row.revenue == Decimal(710) and row.history.count() == 2


def test_an_import_without_a_year_is_for_the_last_completed_year(world, links, upload):
    _response, job = upload(members_csv([member_row(1)]), dry_run=False)
    assert job.year == LAST_COMPLETED
    assert list(Member.objects.get(credit_code=code(1)).years.values_list("year", flat=True)) == [LAST_COMPLETED]


@pytest.mark.parametrize("year", [1999, LAST_COMPLETED + 2])
def test_an_import_for_a_year_outside_the_programme_is_refused_at_upload(world, links, upload, year):
    response, job = upload(members_csv([member_row(1)]), dry_run=False, year=year)
    assert response.status_code == 400 and "year" in response.json()["error"]["fields"]
    assert job is None and not ImportJob.objects.exists()


def test_the_import_page_takes_the_year_of_the_figures(
    world, links, page_client_for, django_capture_on_commit_callbacks
):
    client = page_client_for(world.nanjing_body)
    data = members_csv([member_row(1, revenue="42")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cluster-imports", args=[world.nanjing_cluster.pk]),
            {"kind": "members", "file": SimpleUploadedFile("m.csv", data), "year": "2021", "dry_run": ""},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.year, job.dry_run, job.status) == (2021, False, ImportJob.Status.SUCCEEDED)
    assert list(MemberYear.objects.values_list("year", "revenue")) == [(2021, Decimal(42))]


# Network analyses by year -----------------------------------------------------------------------------------------


def _analyse(cluster, year, capture, by=None):
    with capture(execute=True):
        analysis = network_services.network_analysis_request(cluster=cluster, by=by, year=year)
    analysis.refresh_from_db()
    assert analysis.status == NetworkAnalysis.Status.SUCCEEDED, analysis.message
    return analysis


def test_an_analysis_of_a_year_reads_that_years_network_and_figures(world, django_capture_on_commit_callbacks):
    cluster, by = world.nanjing_cluster, world.nanjing_body
    leader = MemberFactory(cluster=cluster, joined_year=2010)
    supplier = MemberFactory(cluster=cluster, joined_year=2010)
    outsider = MemberFactory(cluster=cluster, joined_year=2010)
    newcomer = MemberFactory(cluster=cluster, joined_year=2024)
    # 2023: the leader leads and the supplier is local; 2024: the supplier has moved out of the cluster's regions.
    services.member_figures_set(member=leader, year=2023, by=by, is_leading=True)
    services.member_figures_set(member=supplier, year=2023, by=by, is_local=True)
    services.member_figures_set(member=outsider, year=2023, by=by, is_local=False)
    services.member_figures_set(member=leader, year=2024, by=by, is_leading=True)
    services.member_figures_set(member=supplier, year=2024, by=by, is_local=False)
    services.member_figures_set(member=outsider, year=2024, by=by, is_local=False)
    supply = Collaboration.Kind.SUPPLY
    CollaborationFactory(cluster=cluster, source=supplier, target=leader, kind=supply, value=30, year=2022)
    CollaborationFactory(cluster=cluster, source=outsider, target=leader, kind=supply, value=10, year=2024)
    CollaborationFactory(cluster=cluster, source=newcomer, target=leader, kind=supply, value=60, year=2024)

    of_2023 = _analyse(cluster, 2023, django_capture_on_commit_callbacks, by)
    of_2024 = _analyse(cluster, 2024, django_capture_on_commit_callbacks, by)
    assert (of_2023.year, of_2023.nodes, of_2023.edges) == (2023, 3, 1)  # the newcomer had not joined
    assert of_2023.local_supporting_rate == pytest.approx(1.0)  # only the local supplier's 30
    assert (of_2024.year, of_2024.nodes, of_2024.edges) == (2024, 4, 3)
    # The newcomer has no figures for 2024: it counts as not local (missing data never helps).
    assert of_2024.local_supporting_rate == pytest.approx(0.0)
    graph = network_graph(analysis=of_2023)
    assert len(graph["nodes"]) == 3 and len(graph["edges"]) == 1


def test_an_analysis_for_a_year_outside_the_programme_is_refused(world, client_for):
    client = english(client_for(world.nanjing_body))
    response = client.post(reverse("api:network-analysis-list"), {"cluster": world.nanjing_cluster.pk, "year": 1999})
    assert response.status_code == 400 and "year" in errors(response)
    assert not NetworkAnalysis.objects.exists()
    response = client.post(reverse("api:network-analysis-list"), {"cluster": world.nanjing_cluster.pk, "year": 2023})
    assert response.status_code == 202 and response.json()["year"] == 2023


def test_a_queued_analysis_is_returned_only_for_its_own_year(world, django_capture_on_commit_callbacks):
    cluster, by = world.nanjing_cluster, world.nanjing_body
    with django_capture_on_commit_callbacks():
        first = network_services.network_analysis_request(cluster=cluster, by=by, year=2023)
        again = network_services.network_analysis_request(cluster=cluster, by=by, year=2023)
        other = network_services.network_analysis_request(cluster=cluster, by=by)
    assert again.pk == first.pk and other.pk != first.pk
    assert other.year == LAST_COMPLETED


def test_the_network_page_runs_the_analysis_of_the_year_given(
    world, page_client_for, django_capture_on_commit_callbacks
):  # noqa: E501
    MemberFactory(cluster=world.nanjing_cluster)
    client = page_client_for(world.nanjing_body)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cluster-network-run", args=[world.nanjing_cluster.pk]), {"year": "2022"})
    assert response.status_code == 302
    assert list(NetworkAnalysis.objects.values_list("year", flat=True)) == [2022]
    page = client.get(reverse("cluster-network", args=[world.nanjing_cluster.pk]))
    assert page.context["default_year"] == LAST_COMPLETED


def test_a_monitoring_evaluation_of_a_year_reads_the_analysis_of_that_year(world):
    cluster = world.nanjing_cluster
    done = {"status": NetworkAnalysis.Status.SUCCEEDED, "progress": 100, "chain_link_coverage": []}
    earlier = timezone.now() - timezone.timedelta(days=3)
    of = {
        year: NetworkAnalysis.objects.create(
            cluster=cluster,
            year=year,
            finished=earlier + timezone.timedelta(days=i),
            local_supporting_rate=rate,
            **done,
        )
        for i, (year, rate) in enumerate([(2022, 0.5), (2023, 0.7), (2024, 0.9)])
    }
    evaluation = monitoring_services.evaluation_start(year=2023, tiers=ALL_TIERS, by=None)
    grading.evaluate(evaluation.pk)
    inputs = evaluation.results.get(cluster=cluster).inputs
    assert (inputs["network"]["id"], inputs["network"]["local_supporting_rate"]) == (of[2023].pk, 0.7)
    assert inputs["previous_network"]["id"] == of[2022].pk


def test_the_member_list_page_of_a_year_shows_that_years_figures(world, page_client_for):
    early = _member_with_years(world, y2023={"revenue": Decimal(10)}, y2024={"revenue": Decimal(99)})
    late = _member_with_years(world, y2023={"revenue": Decimal(50)}, y2024={"revenue": Decimal(1)})
    _member_with_years(world, y2024={"revenue": Decimal(5)})  # no figures for 2023
    client = page_client_for(world.nanjing_viewer)
    url = reverse("cluster-member-list", args=[world.nanjing_cluster.pk])
    page = client.get(url, {"year": 2023, "sort": "-revenue"}).context["page"]
    assert [(m.pk, m.revenue) for m in page.object_list] == [(late.pk, Decimal(50)), (early.pk, Decimal(10))]
    assert page.paginator.count == 2
    today = client.get(url, {"sort": "-revenue"}).context["page"]
    assert [m.revenue for m in today.object_list][:1] == [Decimal(99)]
