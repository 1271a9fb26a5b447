"""Exports as jobs (tenancy/exports): what a list shows, every page, as its requester sees it; the job page, the
download and the API; nobody else (in the organisation or another) sees the job or its file."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tenancy.exports.models import ExportJob

from .builders.exports import csv_rows, export, exported
from .conftest import count_queries
from .factories import MemberFactory

pytestmark = pytest.mark.django_db


def members(cluster, count, **fields):
    return [MemberFactory(cluster=cluster, **fields) for _ in range(count)]


def test_a_member_export_holds_every_page_of_the_filtered_sorted_list(world, page_client_for):
    cluster = world.nanjing_cluster
    for n in range(30):  # more than a page (25)
        MemberFactory(cluster=cluster, name=f"大学{n:02d}", kind="university", revenue=Decimal(n * 10))
    MemberFactory(cluster=cluster, name="某企业", kind="enterprise", revenue=Decimal("99999"))
    MemberFactory(cluster=world.shenzhen_cluster, name="深圳大学", kind="university")

    rows = exported(
        page_client_for(world.nanjing_body),
        "clusters.members",
        query="kind=university&sort=-revenue&page=2",
        target=cluster.pk,
        language="en",
    )
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Name", "English name", "Unified social credit code", "Kind"]
    assert [row[0] for row in body] == [f"大学{n:02d}" for n in range(29, -1, -1)]  # all 30, by revenue descending
    assert {row[3] for row in body} == {"University"}
    assert body[0][8] == "290.00"


def test_the_export_button_lands_on_the_job_page_ready_with_the_row_count_and_download(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    members(world.nanjing_cluster, 3)
    page = client.get(reverse("cluster-member-list", args=[world.nanjing_cluster.pk]) + "?q=成员")
    assert b'name="key" value="clusters.members"' in page.content
    assert b'name="query" value="q=%E6%88%90%E5%91%98"' in page.content

    response, job = export(client, "clusters.members", "xlsx", "q=成员", world.nanjing_cluster.pk, language="en")
    assert response["Location"] == reverse("export-detail", args=[job.pk])
    detail = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")  # eager (make run): done when it loads
    content = detail.content.decode()
    assert "3 rows exported." in content
    assert 'id="export-rows">3<' in content
    assert reverse("export-file", args=[job.pk]) in content
    download = client.get(reverse("export-file", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"clusters-members-{world.nanjing_cluster.pk}-" in download["Content-Disposition"]


def test_a_job_that_cannot_be_made_shows_the_reason(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    cluster = world.nanjing_cluster
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(
            reverse("export-new"),
            {"key": "clusters.members", "file_format": "csv", "target": cluster.pk},
            HTTP_ACCEPT_LANGUAGE="en",  # the job speaks its requester's language
        )
    job = ExportJob.objects.get()
    cluster.promotion_body = world.orgs["shenzhen_body"]
    cluster.save(update_fields=["promotion_body"])
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.rows, bool(job.file)) == ("failed", 0, False)
    assert response.status_code == 302
    page = client.get(reverse("export-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You may no longer see this list." in page
    assert client.get(reverse("export-file", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("role", ["shenzhen_body", "nanjing_viewer", "ministry", "jiangsu"])
def test_nobody_but_the_requester_sees_the_job_or_its_file(world, page_client_for, client_for, role):
    members(world.nanjing_cluster, 2)
    _response, job = export(page_client_for(world.nanjing_body), "clusters.members", target=world.nanjing_cluster.pk)
    other_page, other_api = page_client_for(world.user(role)), client_for(world.user(role))
    for route in ("export-detail", "export-status", "export-file"):
        assert other_page.get(reverse(route, args=[job.pk])).status_code == 404, route
    for route in ("api:export-detail", "api:export-file"):
        assert other_api.get(reverse(route, args=[job.pk])).status_code == 404, route
    assert other_api.get(reverse("api:export-list")).json()["results"] == []
    assert b"clusters.members" not in other_page.get(reverse("export-list")).content


def test_an_export_of_another_tenants_list_is_a_404_and_records_nothing(world, page_client_for, client_for):
    response, job = export(page_client_for(world.shenzhen_body), "clusters.members", target=world.nanjing_cluster.pk)
    assert (response.status_code, job) == (404, None)
    api = client_for(world.shenzhen_body).post(
        reverse("api:export-list"),
        {"key": "clusters.members", "file_format": "csv", "target": world.nanjing_cluster.pk},
        format="json",
    )
    assert api.status_code == 404
    assert not ExportJob.objects.exists()


def test_the_cluster_export_holds_exactly_the_clusters_the_requester_sees(world, page_client_for):
    names = {c.pk: c.name for c in world.clusters.values()}
    jiangsu = exported(page_client_for(world.jiangsu), "clusters.clusters", language="en")
    body = {row[0] for row in jiangsu[1:]}
    expected = {names[c.pk] for key, c in world.clusters.items() if key != "shenzhen_cluster"}
    assert body == expected
    body = {row[0] for row in exported(page_client_for(world.shenzhen_body), "clusters.clusters")[1:]}
    assert body == {world.shenzhen_cluster.name, world.cross_cluster.name}


def test_the_api_starts_an_export_and_serves_its_file(world, client_for):
    from django.test import TestCase

    members(world.nanjing_cluster, 4)
    client = client_for(world.nanjing_body)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("api:export-list"),
            {"key": "clusters.members", "file_format": "csv", "target": world.nanjing_cluster.pk},
            format="json",
        )
    assert response.status_code == 202, response.content
    detail = client.get(reverse("api:export-detail", args=[response.json()["id"]])).json()
    assert (detail["status"], detail["rows"], detail["key"]) == ("succeeded", 4, "clusters.members")
    assert detail["file_url"] == reverse("api:export-file", args=[detail["id"]])
    download = client.get(detail["file_url"])
    assert download.status_code == 200
    assert len(list(download.streaming_content)) > 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"key": "nothing.here", "file_format": "csv"}, "key"),
        ({"key": "clusters.layout", "file_format": "csv"}, "file_format"),
        ({"key": "clusters.members", "file_format": "csv"}, "target"),
        ({"key": "clusters.clusters", "file_format": "pdf"}, "file_format"),
    ],
)
def test_a_wrong_export_is_a_field_error_and_records_nothing(world, client_for, body, field):
    response = client_for(world.nanjing_body).post(reverse("api:export-list"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not ExportJob.objects.exists()


def test_an_export_escapes_formulas(world, page_client_for):
    MemberFactory(cluster=world.nanjing_cluster, name="=HYPERLINK(1)")
    rows = exported(page_client_for(world.nanjing_body), "clusters.members", target=world.nanjing_cluster.pk)
    assert rows[1][0] == "'=HYPERLINK(1)"


def _jobs(world, count):
    for n in range(count):
        ExportJob.objects.create(
            key="clusters.clusters",
            file_format="csv",
            language="en",
            created_by=world.nanjing_body,
            organisation=world.orgs["nanjing_body"],
            status="succeeded",
            rows=n,
            file=f"exports/{n}.csv",
        )


@pytest.mark.parametrize("route", ["export-list", "api:export-list"])
def test_the_exports_list_runs_as_many_queries_for_one_row_as_for_many(world, page_client_for, client_for, route):
    client = page_client_for(world.nanjing_body) if not route.startswith("api:") else client_for(world.nanjing_body)
    url = reverse(route)
    _jobs(world, 1)
    client.get(url)  # warm: the session, the viewer
    one = count_queries(lambda: client.get(url))
    _jobs(world, 20)
    many = count_queries(lambda: client.get(url))
    assert one == many
    listed = client.get(url)
    if route.startswith("api:"):
        assert listed.json()["count"] == 21
    else:
        assert listed.content.decode().count("/file/") == 21  # a download link a row


def test_csv_rows_reader_reads_what_the_task_wrote(world, page_client_for):
    members(world.nanjing_cluster, 1)
    _response, job = export(page_client_for(world.nanjing_body), "clusters.members", target=world.nanjing_cluster.pk)
    assert len(csv_rows(job)) == 2


def test_the_policy_export_holds_the_filtered_list_as_its_requester_sees_it(world, page_client_for):
    from .builders.policies import make_policy

    make_policy(world, "ministry", title="国家创新政策", categories=["innovation"], issued_on=date(2023, 5, 1))
    make_policy(world, "ministry", title="国家产业政策", categories=["industry"])
    make_policy(world, "jiangsu", title="江苏创新政策", categories=["innovation"], issued_on=date(2022, 1, 2))
    make_policy(world, "jiangsu", "draft", title="江苏创新草案", categories=["innovation"])
    make_policy(world, "guangdong", "draft", title="广东创新草案", categories=["innovation"])

    def titles(role):
        rows = exported(page_client_for(world.user(role)), "policies.policies", query="category=innovation")
        return [row[0] for row in rows[1:]]

    page = page_client_for(world.jiangsu).get(reverse("policy-list"), {"category": "innovation"}).content.decode()
    assert titles("jiangsu") == ["国家创新政策", "江苏创新政策", "江苏创新草案"]  # its own draft, never Guangdong's
    assert all(title in page for title in titles("jiangsu")) and "广东创新草案" not in page
    assert "江苏创新草案" not in titles("guangdong") and "广东创新草案" in titles("guangdong")
    rows = exported(page_client_for(world.jiangsu), "policies.policies", query="category=innovation&year=2023")
    assert rows[1][:2] == ["国家创新政策", ""] and rows[1][5] == "2023-05-01" and len(rows) == 2


def test_the_members_of_an_organisation_export_holds_its_members_only(world, page_client_for):
    rows = exported(page_client_for(world.nanjing_body), "tenancy.members", language="en")
    assert rows[0] == ["Username", "Name", "E-mail", "Role", "Status", "Last sign-in"]
    assert sorted(row[0] for row in rows[1:]) == ["t-nanjing", "t-nanjing-viewer"]
    rows = exported(page_client_for(world.nanjing_body), "tenancy.members", query="role=viewer", language="en")
    assert [row[:1] + row[3:5] for row in rows[1:]] == [["t-nanjing-viewer", "Viewer", "Active"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_eager_mode_as_make_run_runs_the_export_is_ready_when_its_page_loads(page_client_for):
    """No test transaction holds the commit back: the job is queued on commit and run in the request, as on a bare
    machine without Redis (CELERY_TASK_ALWAYS_EAGER)."""
    from .conftest import make_world

    world = make_world()
    members(world.nanjing_cluster, 2)
    client = page_client_for(world.nanjing_body)
    body = {"key": "clusters.members", "file_format": "csv", "target": world.nanjing_cluster.pk}
    response = client.post(reverse("export-new"), body, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "2 rows exported." in response.content.decode()
    job = ExportJob.objects.get()
    assert (job.status, job.rows, job.created_by_id) == ("succeeded", 2, world.nanjing_body.pk)
    assert len(csv_rows(job)) == 3
