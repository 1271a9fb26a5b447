"""The observation platform's pages: the indicators page and its time series, adding, editing and deleting
observations, the exports (with formula-looking text escaped), the comparison of clusters, and query counts of the
lists and pages."""

import csv
import io
import os

import openpyxl
import pytest
from django.urls import reverse

from clusters.models import Observation
from tenancy.exports import csv_text, excel_safe, xlsx_bytes

from .builders.exports import export, exported
from .builders.observations import PDF, PNG, english_clients, upload
from .conftest import count_queries
from .factories import ClusterFactory, ObservationFactory, indicator

pytestmark = pytest.mark.usefixtures("_observation_media")


@pytest.fixture
def client_for(client_for):
    """API clients that ask for English (tests/builders/observations.py)."""
    return english_clients(client_for)


# Pages ------------------------------------------------------------------------------------------------------------


def test_indicators_page_shows_the_table_and_the_time_series(world, page_client_for):
    ObservationFactory(cluster=world.nanjing_cluster, indicator=indicator("revenue"), year=2022, value="3200.5000")
    ObservationFactory(cluster=world.nanjing_cluster, indicator=indicator("revenue"), year=2023, value="3400")
    page = page_client_for(world.nanjing_body).get(reverse("cluster-indicators", args=[world.nanjing_cluster.pk]))
    html = page.content.decode()
    assert "3200.5<" in html and "3400<" in html and ">2022<" in html and ">2023<" in html
    assert 'id="series-chart"' in html and "vendor/echarts/echarts.min" in html
    assert '"years": [2022, 2023]' in html and '"values": [3200.5, 3400.0]' in html
    assert reverse("observation-add", args=[world.nanjing_cluster.pk]) in html
    viewer_page = page_client_for(world.nanjing_viewer).get(
        reverse("cluster-indicators", args=[world.nanjing_cluster.pk])
    )
    assert reverse("observation-add", args=[world.nanjing_cluster.pk]) not in viewer_page.content.decode()


def test_indicators_page_has_an_empty_state(world, page_client_for):
    page = page_client_for(world.jiangsu).get(reverse("cluster-indicators", args=[world.nanjing_cluster.pk]))
    assert 'id="no-observations"' in page.content.decode()
    assert 'id="series-chart"' not in page.content.decode()


def test_add_form_shows_field_errors_and_changes_nothing(world, page_client_for):
    indicator("revenue")
    client = page_client_for(world.nanjing_body)
    client.cookies.load({"django_language": "en"})
    url = reverse("observation-add", args=[world.nanjing_cluster.pk])
    response = client.post(url, {"indicator": "revenue", "year": "1850", "value": "abc"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a number." in html  # the value, from the form
    response = client.post(url, {"indicator": "revenue", "year": "1850", "value": "5"})
    assert "Enter a year between 1990 and" in response.content.decode()  # the year, from the service
    response = client.post(
        url, {"indicator": "revenue", "year": "2020", "value": "5", "evidence": upload("x.pdf", PNG)}
    )
    assert "The content of the file is not a PDF file." in response.content.decode()
    assert not Observation._base_manager.exists()


def test_add_edit_and_delete_through_the_pages(world, page_client_for):
    indicator("revenue")
    client = page_client_for(world.nanjing_body)
    cluster = world.nanjing_cluster
    response = client.post(
        reverse("observation-add", args=[cluster.pk]),
        {"indicator": "revenue", "year": "2023", "value": "12.5", "source": "年鉴", "evidence": upload("y.pdf", PDF)},
    )
    assert response.status_code == 302 and response["Location"] == reverse("cluster-indicators", args=[cluster.pk])
    observation = Observation._base_manager.get()
    assert (observation.year, observation.value, observation.source) == (2023, 12.5, "年鉴")
    assert observation.evidence.read() == PDF

    edit = reverse("observation-edit", args=[cluster.pk, observation.pk])
    assert 'value="12.5"' in client.get(edit).content.decode()
    response = client.post(edit, {"indicator": "revenue", "year": "2023", "value": "13", "clear_evidence": "on"})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.value == 13 and not observation.evidence

    delete = reverse("observation-delete", args=[cluster.pk, observation.pk])
    confirmation = client.get(delete)
    assert confirmation.status_code == 200 and 'method="post"' in confirmation.content.decode()
    assert Observation._base_manager.exists()  # asking is not deleting
    assert client.post(delete).status_code == 302
    assert not Observation._base_manager.exists()


# Exports ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("统计年鉴 2023", "统计年鉴 2023"),
        ("", ""),
        (None, None),
        (-5, -5),
        (3.5, 3.5),
    ],
)
def test_excel_safe_escapes_formula_looking_text_only(value, expected):
    assert excel_safe(value) == expected


def test_csv_and_xlsx_writers_escape_every_text_cell():
    text = csv_text(["=head"], [["=1+2", 5, None]])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [["'=head"], ["'=1+2", "5", ""]]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([("S", ["=head"], [["=1+2", 5]])]))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["'=head", None], ["'=1+2", 5]]
    assert sheet["A2"].data_type == "s"  # text, not a formula


def test_excel_export_holds_the_values_and_escapes_a_formula_looking_source(world, page_client_for):
    cluster = world.nanjing_cluster
    ObservationFactory(
        cluster=cluster, indicator=indicator("revenue"), year=2023, value="3400.25", source="=cmd|'/C calc'!A0"
    )
    ObservationFactory(cluster=cluster, indicator=indicator("rd_intensity"), year=2023, value="3.2", source="年鉴")
    ObservationFactory(cluster=world.shenzhen_cluster, indicator=indicator("revenue"), year=2023, value="99999")
    client = page_client_for(world.nanjing_body)
    rows = exported(client, "clusters.observations", "xlsx", target=cluster.pk)
    assert rows[0][0] == "indicator 指标"  # the indicator's name, never its code
    data = {row[0]: row for row in rows[1:]}
    assert set(data) == {"营业收入", indicator("rd_intensity").display_name}  # never another cluster's rows
    assert data["营业收入"][3:6] == (2023, 3400.25, "'=cmd|'/C calc'!A0")
    assert data[indicator("rd_intensity").display_name][4] == 3.2

    rows = exported(client, "clusters.observations", "csv", target=cluster.pk)
    revenue = next(row for row in rows if row[0] == "营业收入")
    assert revenue[:1] + revenue[2:] == ["营业收入", "亿元", "2023", "3400.2500", "'=cmd|'/C calc'!A0", ""]


# Comparison ---------------------------------------------------------------------------------------------------------


def compare_url(clusters, code="revenue", route="cluster-compare", *args):
    ids = ",".join(str(c.pk) for c in clusters)
    return f"{reverse(route, args=list(args))}?clusters={ids}&indicator={code}"


def test_comparison_of_visible_clusters_shows_each_cluster_year_by_year(world, page_client_for):
    ObservationFactory(cluster=world.nanjing_cluster, indicator=indicator("revenue"), year=2022, value="3000")
    ObservationFactory(cluster=world.wuxi_cluster, indicator=indicator("revenue"), year=2023, value="4000")
    client = page_client_for(world.jiangsu)
    response = client.get(compare_url([world.nanjing_cluster, world.wuxi_cluster, world.cross_cluster]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.nanjing_cluster.name in html and world.wuxi_cluster.name in html and world.cross_cluster.name in html
    assert '"years": [2022, 2023]' in html
    assert '"values": [3000.0, null]' in html and '"values": [null, 4000.0]' in html
    query = f"clusters={world.nanjing_cluster.pk},{world.wuxi_cluster.pk}&indicator=revenue"
    rows = exported(client, "clusters.comparison", "xlsx", query=query)
    assert rows == [
        ("营业收入 (亿元)", 2022, 2023),
        (world.nanjing_cluster.name, 3000, None),
        (world.wuxi_cluster.name, None, 4000),
    ]


def test_comparing_a_cluster_the_viewer_may_not_see_is_a_404_not_a_silent_gap(world, page_client_for):
    response = page_client_for(world.jiangsu).get(compare_url([world.nanjing_cluster, world.shenzhen_cluster]))
    assert response.status_code == 404
    assert world.shenzhen_cluster.name not in response.content.decode()
    query = f"clusters={world.nanjing_cluster.pk},{world.shenzhen_cluster.pk}&indicator=revenue"
    response, job = export(page_client_for(world.jiangsu), "clusters.comparison", "csv", query=query)
    assert (response.status_code, job) == (404, None)


def test_comparing_more_than_ten_clusters_says_so(world, page_client_for):
    extra = [ClusterFactory(promotion_body=world.orgs["nanjing_body"]) for _ in range(9)]
    client = page_client_for(world.ministry)
    client.cookies.load({"django_language": "en"})
    ten = client.get(compare_url([world.nanjing_cluster, *extra]))
    assert ten.status_code == 200
    eleven = client.get(compare_url([world.nanjing_cluster, world.wuxi_cluster, *extra]))
    assert eleven.status_code == 400
    assert "Compare at most 10 clusters at a time; you chose 11." in eleven.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("clusters=1,abc", "Give the clusters as numbers separated by commas"),
        ("clusters=1&indicator=nope", "There is no indicator with the code “nope”."),
    ],
)
def test_comparison_explains_bad_input(world, page_client_for, query, message):
    indicator("revenue")
    client = page_client_for(world.ministry)
    client.cookies.load({"django_language": "en"})
    response = client.get(f"{reverse('cluster-compare')}?{query}")
    assert response.status_code == 400 and message in response.content.decode()


# Query counts: lists and pages do not grow with their rows ----------------------------------------------------------

CODES = ["revenue", "industrial_output", "rd_intensity", "invention_patents", "export_share", "associations"]


def grow_observations(world, n):
    cluster = world.nanjing_cluster
    existing = Observation._base_manager.filter(cluster=cluster).count()
    for i in range(existing, existing + n):
        ObservationFactory(cluster=cluster, indicator=indicator(CODES[i % len(CODES)]), year=1995 + i // len(CODES))


def grow_diagnostic_inputs(world, n):
    from clusters.models import Member, Milestone

    grow_observations(world, n)
    for i in range(n):
        Member.objects.create(cluster=world.nanjing_cluster, name=f"成员{i}-{os.urandom(4).hex()}", joined_year=2020)
        Milestone.objects.create(cluster=world.nanjing_cluster, year=2000 + i, kind="policy", title=f"政策{i}")


PAGES = [
    ("api:observation-list", True, lambda w: reverse("api:observation-list"), grow_observations),
    ("api:indicator-list", True, lambda w: reverse("api:indicator-list"), grow_observations),
    (
        "cluster-indicators",
        False,
        lambda w: reverse("cluster-indicators", args=[w.nanjing_cluster.pk]),
        grow_observations,
    ),
    ("cluster-compare", False, lambda w: compare_url([w.nanjing_cluster, w.provincial_cluster]), grow_observations),
    (
        "cluster-diagnostic",
        False,
        lambda w: reverse("cluster-diagnostic", args=[w.nanjing_cluster.pk]),
        grow_diagnostic_inputs,
    ),
    (
        "api:diagnostic-detail",
        True,
        lambda w: reverse("api:diagnostic-detail", args=[w.nanjing_cluster.pk]),
        grow_diagnostic_inputs,
    ),
]


@pytest.mark.parametrize(("route", "api", "url", "grow"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_query_count_does_not_grow_with_rows(world, client_for, page_client_for, route, api, url, grow, role):
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    grow(world, 1)
    target = url(world)
    client.get(target)  # warm caches (content types, sessions)
    few = count_queries(lambda: client.get(target))
    grow(world, 30)
    many = count_queries(lambda: client.get(target))
    assert few == many, f"{route}: {few} queries with few rows, {many} with many"


EXPORTS = [
    ("clusters.observations", lambda w: {"target": w.nanjing_cluster.pk}),
    (
        "clusters.comparison",
        lambda w: {"query": f"clusters={w.nanjing_cluster.pk},{w.provincial_cluster.pk}&indicator=revenue"},
    ),
]


@pytest.mark.parametrize(("key", "request_of"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_an_export_runs_as_many_queries_for_few_rows_as_for_many(world, page_client_for, key, request_of):
    """Asking for the export and making it (eagerly, as `make run` does)."""
    client = page_client_for(world.nanjing_body)
    grow_observations(world, 1)
    exported(client, key, **request_of(world))  # warm caches
    few = count_queries(lambda: exported(client, key, **request_of(world)))
    grow_observations(world, 30)
    many = count_queries(lambda: exported(client, key, **request_of(world)))
    assert few == many, f"{key}: {few} queries with few rows, {many} with many"


def test_demo_observations_use_the_seed_articles_figures(demo):
    assert Observation._base_manager.exists()
    nanjing = Observation._base_manager.filter(cluster__name="南京市新型电力（智能电网）装备集群", year=2024)
    figures = dict(nanjing.values_list("indicator__code", "value"))
    assert (figures["single_champions"], figures["little_giants"], figures["local_supporting_rate"]) == (17, 10, 82)
    assert figures["above_scale_enterprises"] == 612
    verified = nanjing.model._base_manager.filter(status="verified")
    assert sorted(set(verified.values_list("year", flat=True))) == [2020, 2021, 2022, 2023, 2024]
    # A few 2025 values wait in the governments' queue, submitted and not verified.
    queued = nanjing.model._base_manager.exclude(status="verified")
    assert set(queued.values_list("year", "status").distinct()) == {(2025, "submitted")}
