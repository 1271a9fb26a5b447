"""Consistency checks of a cluster's data (issue 13, item 4): each rule on data made to trigger it and not to, whole
counts refused at entry, the data-quality page and API, the queue's pointer to them, and an entry's claims beside the
verified observations for those who read the entry (experts of a blind round included, with nothing named)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.members.demo import member_years_from_figures
from clusters.models import Member, Observation
from clusters.observations import services
from clusters.quality.checks import member_totals_check, whole_counts, year_on_year
from clusters.quality.registry import CHECKS
from clusters.quality.selectors import quality_findings
from evaluations.entries import services as entry_services
from evaluations.models import Criterion
from tenancy.scoping import scope
from tenancy.visibility import Viewer

from .builders.blind import NAMES, blind_world
from .builders.competitions import entries
from .conftest import count_queries
from .factories import CriterionFactory, MemberFactory, ObservationFactory, indicator

WHOLE = "是计数指标：请填写整数"  # “…” is a count: enter a whole number (the default language is Chinese)


def run(check, world, cluster="nanjing_cluster", year=None, viewer=None):
    with scope(viewer=Viewer.for_user(viewer or world.ministry)):
        return list(check(clusters=[world.clusters[cluster]], year=year))


def observe(world, code, year, value, cluster="nanjing_cluster", status="verified"):
    return ObservationFactory(
        cluster=world.clusters[cluster], indicator=indicator(code), year=year, value=Decimal(str(value)), status=status
    )


# Whole counts ------------------------------------------------------------------------------------------------------


def test_the_catalogue_flags_counts_and_only_counts():
    assert indicator("single_champions").is_count and indicator("invention_patents").is_count
    assert indicator("promotion_staff").is_count and indicator("collaboration_events").is_count
    assert not indicator("revenue").is_count and not indicator("rd_intensity").is_count
    assert not indicator("employment").is_count  # 万人: a fraction of ten thousand people is a real figure


def test_a_fractional_count_is_refused_by_the_service_and_a_whole_one_or_a_fractional_revenue_is_not(world):
    with pytest.raises(ValidationError) as refused:
        services.observation_create(
            cluster=world.nanjing_cluster,
            indicator=indicator("single_champions"),
            year=2024,
            value=Decimal("15.56"),
            by=world.nanjing_body,
        )
    assert WHOLE in refused.value.message_dict["value"][0]
    assert not Observation.objects.filter(cluster=world.nanjing_cluster, indicator__code="single_champions").exists()
    kept = services.observation_create(
        cluster=world.nanjing_cluster,
        indicator=indicator("single_champions"),
        year=2024,
        value=Decimal("15.0"),
        by=world.nanjing_body,
    )
    assert kept.value == 15
    services.observation_create(
        cluster=world.nanjing_cluster,
        indicator=indicator("revenue"),
        year=2024,
        value=Decimal("15.56"),
        by=world.nanjing_body,
    )
    with pytest.raises(ValidationError):
        services.observation_update(observation=kept, value=Decimal("15.5"), by=world.nanjing_body)


def test_the_api_refuses_a_fractional_count_on_the_field(world, client_for):
    api = client_for(world.nanjing_body)
    data = {"cluster": world.nanjing_cluster.pk, "indicator": "little_giants", "year": 2024, "value": "27.18"}
    response = api.post(reverse("api:observation-list"), data, format="json")
    assert response.status_code == 400
    assert WHOLE in response.json()["error"]["fields"]["value"][0]
    assert api.post(reverse("api:observation-list"), {**data, "value": "27"}, format="json").status_code == 201


def test_the_form_refuses_a_fractional_count_on_the_field(world, page_client_for):
    page = page_client_for(world.nanjing_body)
    url = reverse("observation-add", args=[world.nanjing_cluster.pk])
    response = page.post(url, {"indicator": "national_innovation_platforms", "year": "2024", "value": "37.32"})
    assert response.status_code == 400
    assert WHOLE in str(response.context["form"].errors["value"])
    assert not Observation.objects.filter(cluster=world.nanjing_cluster, year=2024).exists()


def test_a_claim_of_a_count_indicator_must_be_whole_too(world):
    data = entries(world, "draft:nanjing")
    criterion = CriterionFactory(
        round=data["round"], kind=Criterion.Kind.INDICATOR, indicator=indicator("single_champions"), weight=1
    )
    with pytest.raises(ValidationError) as refused:
        entry_services.claimed_value_set(
            submission=data["draft:nanjing"], criterion=criterion, value="15.56", by=world.nanjing_body
        )
    assert WHOLE in refused.value.message_dict["value"][0]


def test_the_whole_counts_rule_lists_fractional_counts_recorded_before_and_nothing_else(world):
    fractional = observe(world, "single_champions", 2023, "15.56")
    observe(world, "single_champions", 2024, "16")
    observe(world, "revenue", 2024, "1200.5")
    found = run(whole_counts, world)
    assert [(f.observation_id, f.value, f.year) for f in found] == [(fractional.pk, Decimal("15.56"), 2023)]
    assert "15.56" in found[0].message
    assert run(whole_counts, world, year=2024) == []


# Member totals -----------------------------------------------------------------------------------------------------


def members(world, revenues, employees=(), cluster="nanjing_cluster", kind=Member.Kind.ENTERPRISE, years=(2023, 2024)):
    """Members with the same figures in each of `years` (the check reads the figures of the observation's year)."""
    created = [
        MemberFactory(
            cluster=world.clusters[cluster],
            kind=kind,
            revenue=Decimal(revenue),
            employees=employees[index] if index < len(employees) else None,
        )
        for index, revenue in enumerate(revenues)
    ]
    member_years_from_figures(
        members=Member.objects.filter(pk__in=[m.pk for m in created]), years=years, log=lambda text: None
    )


def test_members_revenue_above_the_clusters_own_is_found_in_its_unit(world):
    observed = observe(world, "revenue", 2024, 10)  # 亿元
    members(world, ["60000", "50000"])  # 万元: 11 亿元
    found = run(member_totals_check, world)
    assert [(f.check, f.observation_id, f.compared_with) for f in found] == [
        ("member_totals", observed.pk, Decimal("11"))
    ]
    assert "11" in found[0].message and "10" in found[0].message


def test_members_within_the_clusters_figure_and_other_kinds_of_members_are_not_found(world):
    observe(world, "revenue", 2024, 10)
    members(world, ["40000", "50000"])  # 9 亿元
    members(world, ["900000"], kind=Member.Kind.UNIVERSITY)  # not an enterprise: not in the cluster's revenue
    assert run(member_totals_check, world) == []


def test_members_employees_are_compared_with_employment_in_ten_thousands(world):
    observe(world, "employment", 2024, 1)  # 万人
    members(world, ["1", "1"], employees=[6000, 5000])
    found = run(member_totals_check, world)
    assert [(f.indicator, f.compared_with) for f in found] == [("employment", Decimal("1.1"))]


def test_member_totals_compare_the_latest_year_unless_a_year_is_asked(world, settings):
    observe(world, "revenue", 2023, 100)
    observe(world, "revenue", 2024, 10)
    members(world, ["60000", "50000"])
    assert [f.year for f in run(member_totals_check, world)] == [2024]
    assert run(member_totals_check, world, year=2023) == []
    settings.QUALITY_MEMBER_TOTAL_RATIO = 1.2  # members may exceed the figure by a fifth
    assert run(member_totals_check, world) == []


# Year-on-year jumps ------------------------------------------------------------------------------------------------


def test_a_jump_beyond_the_threshold_is_found_and_one_at_it_is_not(world, settings):
    observe(world, "revenue", 2023, 100)
    jump = observe(world, "revenue", 2024, 151)
    observe(world, "invention_patents", 2023, 100)
    observe(world, "invention_patents", 2024, 150)  # exactly 50 %: not beyond
    observe(world, "export_share", 2023, 40)
    observe(world, "export_share", 2024, 19)  # −52.5 %
    found = run(year_on_year, world)
    assert [(f.indicator, f.observation_id if f.indicator == "revenue" else None, f.compared_with) for f in found] == [
        ("revenue", jump.pk, Decimal("100")),
        ("export_share", None, Decimal("40")),
    ]
    assert "+51 %" in found[0].message and "-52.5 %" in found[1].message
    settings.QUALITY_YEAR_ON_YEAR_CHANGE = 0.6
    assert run(year_on_year, world) == []


def test_gaps_changes_from_zero_and_other_clusters_are_not_jumps(world):
    observe(world, "revenue", 2020, 100)
    observe(world, "revenue", 2024, 500)  # four years later: no year-on-year change to measure
    observe(world, "green_factories", 2023, 0)
    observe(world, "green_factories", 2024, 3)
    observe(world, "revenue", 2023, 10, cluster="wuxi_cluster")
    observe(world, "revenue", 2024, 10, cluster="wuxi_cluster")
    assert run(year_on_year, world) == []


def test_a_year_narrows_jumps_to_that_year(world):
    observe(world, "revenue", 2022, 100)
    observe(world, "revenue", 2023, 200)
    observe(world, "revenue", 2024, 205)
    assert [f.year for f in run(year_on_year, world)] == [2023]
    assert [f.year for f in run(year_on_year, world, year=2023)] == [2023]
    assert run(year_on_year, world, year=2024) == []


# The page and the API ----------------------------------------------------------------------------------------------


def test_the_page_lists_each_rule_with_its_threshold_and_what_it_found(world, page_client_for):
    observe(world, "revenue", 2023, 100)
    observe(world, "revenue", 2024, 300)
    response = page_client_for(world.jiangsu).get(reverse("cluster-quality", args=[world.nanjing_cluster.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("whole_counts", "member_totals", "year_on_year", "entry_claims"):
        assert f'id="check-{code}"' in html
    assert 'id="check-year_on_year" data-findings="1"' in html
    assert 'id="check-whole_counts" data-findings="0"' in html
    assert "50 %" in html  # the threshold, in the rule's explanation
    assert reverse("observation-detail", args=[world.nanjing_cluster.pk, Observation.objects.get(year=2024).pk]) in html


def test_the_page_says_so_when_nothing_is_found(world, page_client_for):
    observe(world, "revenue", 2024, 100)
    html = page_client_for(world.nanjing_body).get(reverse("cluster-quality", args=[world.nanjing_cluster.pk]))
    assert "每项检查均已通过" in html.content.decode() or "every check passed" in html.content.decode()


def test_the_cluster_pages_link_to_the_quality_page(world, page_client_for):
    url = reverse("cluster-quality", args=[world.nanjing_cluster.pk])
    page = page_client_for(world.nanjing_body)
    assert url in page.get(reverse("cluster-detail", args=[world.nanjing_cluster.pk])).content.decode()
    assert url in page.get(reverse("cluster-indicators", args=[world.nanjing_cluster.pk])).content.decode()


def test_the_api_gives_the_rules_and_the_findings(world, client_for):
    observe(world, "single_champions", 2024, "15.56")
    observe(world, "revenue", 2023, 100)
    observe(world, "revenue", 2024, 300)
    url = reverse("api:cluster-quality", args=[world.nanjing_cluster.pk])
    data = client_for(world.nanjing_body).get(url).json()
    assert data["cluster"] == world.nanjing_cluster.pk and data["year"] is None and data["finding_count"] == 2
    checks = {c["code"]: c for c in data["checks"]}
    assert checks["year_on_year"]["threshold"] == 0.5
    assert checks["year_on_year"]["setting"] == "QUALITY_YEAR_ON_YEAR_CHANGE"
    assert checks["whole_counts"]["finding_count"] == 1 and checks["whole_counts"]["threshold"] is None
    assert {(f["check"], f["indicator"], f["value"], f["compared_with"]) for f in data["findings"]} == {
        ("whole_counts", "single_champions", 15.56, None),
        ("year_on_year", "revenue", 300.0, 100.0),
    }
    assert client_for(world.nanjing_body).get(url, {"year": 2023}).json()["finding_count"] == 0
    refused = client_for(world.nanjing_body).get(url, {"year": "twenty"})
    assert refused.status_code == 400 and "year" in refused.json()["error"]["fields"]


def test_another_tenants_cluster_is_a_404_on_the_page_and_the_api(world, client_for, page_client_for):
    observe(world, "revenue", 2024, 100, cluster="shenzhen_cluster")
    assert (
        client_for(world.nanjing_body).get(reverse("api:cluster-quality", args=[world.shenzhen_cluster.pk])).status_code
        == 404
    )
    assert (
        page_client_for(world.jiangsu).get(reverse("cluster-quality", args=[world.shenzhen_cluster.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("rows", [1, 12])
def test_the_api_costs_the_same_for_one_finding_and_many(world, client_for, rows):
    codes = ["revenue", "industrial_output", "invention_patents", "export_share", "green_factories", "srdi_smes"]
    for index in range(rows):
        code = codes[index % len(codes)]
        year = 2010 + 2 * (index // len(codes))
        observe(world, code, year, 100)
        observe(world, code, year + 1, 400)
    observe(world, "revenue", 2030, 1)
    members(world, ["60000"])
    entries(world, "draft:nanjing")
    api = client_for(world.nanjing_body)
    url = reverse("api:cluster-quality", args=[world.nanjing_cluster.pk])
    assert api.get(url).json()["finding_count"] >= rows
    assert count_queries(lambda: api.get(url)) == EXPECTED_QUERIES


EXPECTED_QUERIES = 11


def test_the_queue_shows_the_findings_of_each_submitted_value(world, page_client_for):
    observe(world, "revenue", 2023, 100)
    jump = observe(world, "revenue", 2024, 300, status="submitted")
    calm = observe(world, "export_share", 2024, 20, status="submitted")
    html = page_client_for(world.jiangsu).get(reverse("observation-queue")).content.decode()
    quality = reverse("cluster-quality", args=[world.nanjing_cluster.pk])
    assert f'{quality}?year=2024" class="quality-link" data-findings="1"' in html
    assert 'data-findings="0"' in html
    assert jump.pk != calm.pk


# Entry claims against verified observations -----------------------------------------------------------------------


def claim_world(world, verified="1000", status="verified"):
    data = entries(world, "submitted:shenzhen")  # claims 1200.5 of revenue; the competition's year is 2024
    if verified is not None:
        observe(world, "revenue", 2023, verified, cluster="shenzhen_cluster", status=status)
    return data["submitted:shenzhen"]


def test_the_ministry_reads_the_difference_beside_the_claim_in_the_api_and_on_the_page(
    world, client_for, page_client_for
):
    entry = claim_world(world)
    claimed = client_for(world.ministry).get(reverse("api:entry-detail", args=[entry.pk])).json()["claimed_values"]
    assert claimed[0]["check"] == {
        "year": 2023,
        "verified_value": 1000.0,
        "difference": 200.5,
        "relative_difference": 0.2005,
        "differs": True,
    }
    html = page_client_for(world.ministry).get(reverse("entry-detail", args=[entry.pk])).content.decode()
    assert 'data-check="differs"' in html and "+200.5 (+20.05 %)" in html


def test_a_claim_within_the_tolerance_matches_and_one_without_a_verified_value_says_so(world, client_for, settings):
    entry = claim_world(world, verified="1195")  # 0.46 % apart
    check = client_for(world.guangdong).get(reverse("api:entry-detail", args=[entry.pk])).json()["claimed_values"][0]
    assert check["check"]["differs"] is False
    settings.QUALITY_CLAIM_TOLERANCE = 0.001
    check = client_for(world.guangdong).get(reverse("api:entry-detail", args=[entry.pk])).json()["claimed_values"][0]
    assert check["check"]["differs"] is True


def test_an_unverified_observation_is_not_a_verified_value(world, client_for, page_client_for):
    entry = claim_world(world, status="submitted")
    check = client_for(world.ministry).get(reverse("api:entry-detail", args=[entry.pk])).json()["claimed_values"][0]
    assert check["check"]["verified_value"] is None and check["check"]["differs"] is False
    html = page_client_for(world.ministry).get(reverse("entry-detail", args=[entry.pk])).content.decode()
    assert 'data-check="unverified"' in html


def test_differing_claims_are_listed_on_the_clusters_quality_page_for_those_who_read_the_entry(world, client_for):
    entry = claim_world(world)
    url = reverse("api:cluster-quality", args=[world.shenzhen_cluster.pk])
    found = [f for f in client_for(world.ministry).get(url).json()["findings"] if f["check"] == "entry_claims"]
    assert [(f["entry"], f["value"], f["compared_with"], f["year"]) for f in found] == [
        (entry.pk, 1200.5, 1000.0, 2023)
    ]
    assert [f["check"] for f in client_for(world.guangdong).get(url).json()["findings"]] == ["entry_claims"]
    assert client_for(world.ministry).get(url, {"year": 2022}).json()["finding_count"] == 0


def test_those_who_may_not_read_the_entry_see_no_difference(world, client_for):
    entry = claim_world(world)
    for user in (world.nanjing_body, world.jiangsu, world.expert):
        assert client_for(user).get(reverse("api:entry-detail", args=[entry.pk])).status_code == 404
    with scope(viewer=Viewer.for_user(world.nanjing_body)):
        assert [f for f in quality_findings(clusters=[world.nanjing_cluster]) if f.check == "entry_claims"] == []


def test_the_expert_of_a_blind_round_reads_the_numbers_and_no_name(world, client_for, page_client_for):
    data = blind_world(world)
    ObservationFactory(cluster=data["cluster"], indicator=indicator("revenue"), year=2023, value=Decimal("1000"))
    api = client_for(world.expert).get(reverse("api:assignment-detail", args=[data["assignment"].pk]))
    assert api.json()["entry"]["claimed_values"][0]["check"]["verified_value"] == 1000.0
    assert api.json()["entry"]["claimed_values"][0]["check"]["differs"] is True
    page = page_client_for(world.expert).get(reverse("review-form", args=[data["assignment"].pk])).content.decode()
    assert 'data-check="differs"' in page and "+200.5" in page
    for text in (api.content.decode(), page):
        assert not [name for name in NAMES if name in text]
    assert reverse("cluster-quality", args=[data["cluster"].pk]) not in page


def test_the_registry_holds_the_four_rules_in_order():
    assert list(CHECKS)[:3] == ["whole_counts", "member_totals", "year_on_year"]
    assert "entry_claims" in CHECKS and CHECKS["entry_claims"].setting == "QUALITY_CLAIM_TOLERANCE"


def test_the_queue_costs_the_same_for_one_value_and_many_across_clusters(world, page_client_for):
    page = page_client_for(world.jiangsu)
    observe(world, "revenue", 2024, 300, status="submitted")
    page.get(reverse("observation-queue"))
    few = count_queries(lambda: page.get(reverse("observation-queue")))
    for cluster in ("nanjing_cluster", "wuxi_cluster", "cross_cluster"):
        for code in ("industrial_output", "export_share", "single_champions"):
            observe(world, code, 2023, 100, cluster=cluster)
            observe(
                world, code, 2024, "300.5" if code == "single_champions" else 300, cluster=cluster, status="submitted"
            )
    html = page.get(reverse("observation-queue")).content.decode()
    assert html.count('data-findings="2"') == 3  # a fractional count that also jumped, in each cluster
    assert count_queries(lambda: page.get(reverse("observation-queue"))) == few
