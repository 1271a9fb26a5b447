"""The cluster layout: provinces × industry fields by tier, the tile grid, the gaps, filters, visibility per role,
the public layout, the Excel export and the API."""

import io

import pytest
from django.urls import reverse
from django.utils.http import urlencode
from openpyxl import load_workbook

from clusters.layout.selectors import OUTSIDE_PROGRAMME, TILE_GRID, short_name
from clusters.models import Cluster
from tenancy.models import IndustryField, Region

from .builders.exports import export as export_job
from .builders.exports import workbook as export_workbook
from .cast import ROLES
from .cast import VISIBLE_CLUSTERS as VISIBLE
from .conftest import count_queries
from .factories import ClusterFactory, OrganisationFactory

FIELDS = ["ngit", "high_end_equipment", "new_materials", "biomedicine", "consumer_goods", "new_energy_vehicles"]
PUBLIC = {"nanjing_cluster", "wuxi_cluster", "shenzhen_cluster", "cross_cluster"}
SCOPE = {
    "ministry": "country",
    "jiangsu": "jurisdiction",
    "guangdong": "jurisdiction",
    "nanjing_body": "own",
    "nanjing_viewer": "own",
    "shenzhen_body": "own",
    "expert": "assigned",
}
NO_NATIONAL_FIELDS = ["new_materials", "biomedicine", "consumer_goods", "new_energy_vehicles"]


def layout(client, **params):
    response = client.get(reverse("api:layout"), params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def row(body, code):
    return next(province for province in body["provinces"] if province["code"] == code)


def cell(body, province, field):
    index = [f["code"] for f in body["fields"]].index(field)
    return row(body, province)["cells"][index]


def none_of_tiers(**counts):
    return {"world_class": 0, "national": 0, "provincial": 0, "cultivating": 0, **counts}


# Computation on known data ---------------------------------------------------------------------------------------


def test_rows_are_the_31_mainland_provinces_and_columns_every_field(world, client_for):
    body = layout(client_for(world.ministry))
    codes = [province["code"] for province in body["provinces"]]
    assert len(codes) == 31 and codes == sorted(codes)
    assert not [code for code in codes if code[:2] in OUTSIDE_PROGRAMME]
    assert set(codes) == set(
        Region.objects.filter(level="province")
        .exclude(code__in=["710000", "810000", "820000"])
        .values_list("code", flat=True)
    )
    assert [f["code"] for f in body["fields"]] == FIELDS == list(IndustryField.objects.values_list("code", flat=True))
    assert all(len(province["cells"]) == len(FIELDS) for province in body["provinces"])


def test_cells_count_clusters_by_tier(world, client_for):
    body = layout(client_for(world.ministry))
    jiangsu = cell(body, "320000", "high_end_equipment")
    assert jiangsu["counts"] == none_of_tiers(national=3, provincial=1)
    assert jiangsu["total"] == 4
    names = {c["id"]: c["name"] for c in body["clusters"]}
    assert sorted(names[pk] for pk in jiangsu["clusters"]) == sorted(
        [world.nanjing_cluster.name, world.wuxi_cluster.name, world.cross_cluster.name, world.provincial_cluster.name]
    )
    # Highest tier first: the provincial cluster comes last.
    assert jiangsu["clusters"][-1] == world.provincial_cluster.pk
    assert cell(body, "440000", "ngit")["clusters"] == [world.shenzhen_cluster.pk]
    assert cell(body, "320000", "ngit") == {"field": "ngit", "counts": none_of_tiers(), "total": 0, "clusters": []}
    assert row(body, "110000")["total"] == 0


def test_cross_region_cluster_counts_in_every_province_and_once_in_the_totals(world, client_for):
    body = layout(client_for(world.ministry))
    cross = world.cross_cluster.pk
    assert cross in cell(body, "440000", "high_end_equipment")["clusters"]
    assert cross in cell(body, "320000", "high_end_equipment")["clusters"]
    assert row(body, "320000")["total"] == 4 and row(body, "440000")["total"] == 2
    assert body["totals"] == {
        "counts": none_of_tiers(national=4, provincial=1),
        "total": 5,
        "national_level": 4,
        "cross_region": 1,
        "placements": 6,
    }
    fields = {f["code"]: f for f in body["fields"]}
    assert fields["high_end_equipment"]["total"] == 4 and fields["ngit"]["total"] == 1
    described = next(c for c in body["clusters"] if c["id"] == cross)
    assert described["provinces"] == ["440000", "320000"] and described["cross_region"] is True
    assert [r["code"] for r in described["regions"]] == ["440300", "320500"]


def test_two_regions_in_one_province_count_once_and_are_cross_region(world, client_for):
    twin = ClusterFactory(promotion_body=world.orgs["wuxi_body"], region_codes=["320100", "320200"])
    body = layout(client_for(world.ministry))
    assert cell(body, "320000", "high_end_equipment")["clusters"].count(twin.pk) == 1
    described = next(c for c in body["clusters"] if c["id"] == twin.pk)
    # Cross-region as Guangzhou–Foshan–Huizhou is (DESIGN §2): several cities, here in one province.
    assert described["provinces"] == ["320000"] and described["cross_region"] is True
    assert body["totals"]["cross_region"] == 2 and body["totals"]["placements"] == body["totals"]["total"] + 1
    single = next(c for c in body["clusters"] if c["id"] == world.nanjing_cluster.pk)
    assert single["cross_region"] is False


def test_gaps_are_fields_and_provinces_without_a_national_level_cluster(world, client_for):
    body = layout(client_for(world.ministry))
    assert body["gaps"]["fields_without_national"] == NO_NATIONAL_FIELDS
    provinces = body["gaps"]["provinces_without_national"]
    assert len(provinces) == 29 and "320000" not in provinces and "440000" not in provinces and "110000" in provinces

    ClusterFactory(
        field_id="new_materials",
        tier=Cluster.Tier.WORLD_CLASS,
        promotion_body=OrganisationFactory(region_id="110100"),
        region_codes=["110100"],
    )
    ClusterFactory(
        field_id="biomedicine",
        tier=Cluster.Tier.PROVINCIAL,
        promotion_body=OrganisationFactory(region_id="310100"),
        region_codes=["310100"],
    )
    body = layout(client_for(world.ministry))
    assert body["gaps"]["fields_without_national"] == ["biomedicine", "consumer_goods", "new_energy_vehicles"]
    assert "110000" not in body["gaps"]["provinces_without_national"]
    assert "310000" in body["gaps"]["provinces_without_national"]  # a provincial-tier cluster fills no gap


# Filters ---------------------------------------------------------------------------------------------------------


def test_tier_filter_counts_only_those_tiers_and_the_gaps_stay(world, client_for):
    client = client_for(world.ministry)
    body = layout(client, tier="provincial")
    assert body["filters"]["tier"] == ["provincial"]
    assert [c["id"] for c in body["clusters"]] == [world.provincial_cluster.pk]
    assert body["totals"]["total"] == 1 and row(body, "320000")["national_level"] == 0
    assert body["gaps"]["fields_without_national"] == NO_NATIONAL_FIELDS
    assert len(body["gaps"]["provinces_without_national"]) == 29
    for query in ("national,world_class", ["national", "world_class"], "world_class, national,"):
        body = layout(client, tier=query)
        assert body["filters"]["tier"] == ["world_class", "national"]
        assert body["totals"]["counts"] == none_of_tiers(national=4)


def test_field_filter_keeps_that_column(world, client_for):
    body = layout(client_for(world.ministry), field="ngit")
    assert [f["code"] for f in body["fields"]] == ["ngit"]
    assert len(body["provinces"]) == 31 and all(len(p["cells"]) == 1 for p in body["provinces"])
    assert [c["id"] for c in body["clusters"]] == [world.shenzhen_cluster.pk]
    assert body["gaps"]["fields_without_national"] == []


def test_province_filter_keeps_that_row_and_its_clusters(world, client_for):
    body = layout(client_for(world.ministry), province="440000")
    assert [p["code"] for p in body["provinces"]] == ["440000"]
    assert {c["id"] for c in body["clusters"]} == {world.shenzhen_cluster.pk, world.cross_cluster.pk}
    assert body["totals"]["total"] == 2 and body["totals"]["placements"] == 2
    assert body["gaps"]["provinces_without_national"] == []
    empty = layout(client_for(world.ministry), province="110000")
    assert empty["totals"]["total"] == 0 and empty["gaps"]["provinces_without_national"] == ["110000"]


def test_stage_filter(world, client_for):
    Cluster.objects.filter(pk=world.wuxi_cluster.pk).update(stage=Cluster.Stage.NETWORK)
    body = layout(client_for(world.ministry), stage="network")
    assert [c["id"] for c in body["clusters"]] == [world.wuxi_cluster.pk]
    assert body["clusters"][0]["stage"] == "network"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tier": "bogus"}, "tier"),
        ({"tier": "national,golden"}, "tier"),
        ({"field": "no-such-field"}, "field"),
        ({"province": "320100"}, "province"),  # a prefecture is not a province
        ({"province": "710000"}, "province"),  # outside the programme
        ({"stage": "cloud"}, "stage"),
    ],
    ids=["tier", "tier-comma", "field", "prefecture", "outside", "stage"],
)
def test_invalid_filters_are_field_errors(world, client_for, page_client_for, params, field):
    response = client_for(world.ministry).get(reverse("api:layout"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == [field]
    assert "valid choice" in error["fields"][field][0]
    page = page_client_for(world.ministry).get(reverse("layout"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "valid choice" in page.content.decode() and 'id="layout-matrix"' not in page.content.decode()
    response, job = export_job(page_client_for(world.ministry), LAYOUT_JOB, "xlsx", query=urlencode(params, doseq=True))
    assert (response.status_code, job) == (400, None)  # refused before any job exists


def test_the_public_layout_offers_national_level_tiers_only(world, client_for):
    response = client_for().get(reverse("api:layout-public"), {"tier": "provincial"})
    assert response.status_code == 400 and "tier" in response.json()["error"]["fields"]


# Visibility ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_layout_holds_exactly_the_visible_clusters(role, world, client_for, page_client_for):
    expected = {world.clusters[name].pk for name in VISIBLE[role]}
    body = layout(client_for(world.user(role)))
    assert body["scope"] == SCOPE[role]
    assert {c["id"] for c in body["clusters"]} == expected
    assert body["totals"]["total"] == len(expected)
    placed = {pk for p in body["provinces"] for c in p["cells"] for pk in c["clusters"]}
    assert placed == expected
    page = page_client_for(world.user(role)).get(reverse("layout"))
    assert page.status_code == 200
    content = page.content.decode()
    for name, cluster in world.clusters.items():
        assert (cluster.name in content) == (name in VISIBLE[role]), name
        assert (reverse("cluster-detail", args=[cluster.pk]) in content) == (name in VISIBLE[role]), name
    workbook = export(page_client_for(world.user(role)), LAYOUT_JOB)
    assert {r[0] for r in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)} == expected


def test_a_province_sees_its_jurisdiction_only(world, client_for):
    body = layout(client_for(world.jiangsu))
    # Guangdong's row holds the cross-region cluster that reaches Jiangsu, not Shenzhen's own cluster.
    assert row(body, "440000")["total"] == 1
    assert cell(body, "440000", "high_end_equipment")["clusters"] == [world.cross_cluster.pk]
    assert cell(body, "440000", "ngit")["total"] == 0
    # Province gaps are those of the jurisdiction: Jiangsu has national-level clusters.
    assert body["gaps"]["provinces_without_national"] == []
    other = layout(client_for(world.jiangsu), province="110000")
    assert other["gaps"]["provinces_without_national"] == []
    Cluster.objects.filter(promotion_body__in=[world.orgs["nanjing_body"], world.orgs["wuxi_body"]]).update(
        tier=Cluster.Tier.CULTIVATING
    )
    Cluster.objects.filter(pk=world.cross_cluster.pk).update(tier=Cluster.Tier.PROVINCIAL)
    assert layout(client_for(world.jiangsu))["gaps"]["provinces_without_national"] == ["320000"]
    assert layout(client_for(world.guangdong))["gaps"]["provinces_without_national"] == []


def test_a_promotion_body_gets_no_province_gaps(world, client_for, page_client_for):
    body = layout(client_for(world.nanjing_body))
    assert body["gaps"]["provinces_without_national"] is None
    assert body["gaps"]["fields_without_national"] == [f for f in FIELDS if f != "high_end_equipment"]
    page = page_client_for(world.nanjing_body).get(reverse("layout")).content.decode()
    assert 'id="gap-provinces-hidden"' in page


def test_an_expert_with_no_assigned_entries_sees_an_empty_layout(world, page_client_for):
    page = page_client_for(world.expert).get(reverse("layout"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="layout-empty"' in page and "You have no clusters to show yet." in page


@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "anonymous"])
def test_public_layout_is_the_register_for_everyone(role, world, client_for, page_client_for):
    user = world.user(role) if role else None
    body = client_for(user).get(reverse("api:layout-public")).json()
    assert body["scope"] == "public"
    assert {c["id"] for c in body["clusters"]} == {world.clusters[name].pk for name in PUBLIC}
    assert len(body["gaps"]["provinces_without_national"]) == 29
    page = page_client_for(user).get(reverse("layout-public")).content.decode()
    assert world.provincial_cluster.name not in page
    assert reverse("register-detail", args=[world.nanjing_cluster.pk]) in page
    assert reverse("cluster-detail", args=[world.nanjing_cluster.pk]) not in page


def test_public_layout_leaves_out_clusters_not_marked_public(world, client_for):
    Cluster.objects.filter(pk=world.wuxi_cluster.pk).update(is_public=False)
    body = client_for().get(reverse("api:layout-public")).json()
    assert world.wuxi_cluster.pk not in {c["id"] for c in body["clusters"]}


# Query counts ----------------------------------------------------------------------------------------------------


def grow(world, n):
    """n clusters across fields, tiers, provinces, some cross-region."""
    regions = ["320100", "440300", "110100", "330100", "510100", "650100"]
    for i in range(n):
        codes = [regions[i % len(regions)]] + ([regions[(i + 1) % len(regions)]] if i % 3 == 0 else [])
        ClusterFactory(
            field_id=FIELDS[i % len(FIELDS)],
            tier=Cluster.Tier.values[i % 4],
            promotion_body=world.orgs["nanjing_body"] if i % 2 else world.orgs["shenzhen_body"],
            region_codes=codes,
        )


ROUTES = [
    ("layout", False),
    ("api:layout", True),
    ("layout-public", False),
    ("layout-public-export", False),
    ("api:layout-public", True),
]


@pytest.mark.parametrize(("route", "api"), ROUTES, ids=[route for route, _api in ROUTES])
@pytest.mark.parametrize("role", ["ministry", "jiangsu", "nanjing_body"])
def test_query_count_does_not_grow_with_clusters(world, client_for, page_client_for, route, api, role):
    Cluster.objects.exclude(pk=world.nanjing_cluster.pk).delete()
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse(route)
    assert client.get(url).status_code == 200  # warm caches (content types, sessions)
    filtered = {"tier": ["national", "world_class"], "stage": "point"}
    one = count_queries(lambda: client.get(url))
    one_filtered = count_queries(lambda: client.get(url, filtered))
    grow(world, 40)
    assert client.get(url).status_code == 200
    many = count_queries(lambda: client.get(url))
    many_filtered = count_queries(lambda: client.get(url, filtered))
    assert (one, one_filtered) == (many, many_filtered), f"{route}: {one} queries with 1 cluster, {many} with 41"


# The Excel export ------------------------------------------------------------------------------------------------


LAYOUT_JOB = "clusters.layout"  # the signed-in layout is exported as a job (tenancy/exports)


def export(client, url, **params):
    language = params.pop("language", "zh-hans")
    if url == LAYOUT_JOB:
        _response, job = export_job(client, LAYOUT_JOB, "xlsx", query=urlencode(params, doseq=True), language=language)
        job.refresh_from_db()
        assert job.status == "succeeded", job.message
        return export_workbook(job)
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content))


def test_excel_export_holds_the_matrix_the_clusters_and_the_gaps(world, page_client_for):
    client = page_client_for(world.ministry)
    client.cookies.load({"django_language": "en"})
    _response, job = export_job(client, LAYOUT_JOB, "xlsx", language="en")
    assert job.filename.startswith("clusters-layout-") and job.filename.endswith(".xlsx")
    workbook = export_workbook(job)
    assert workbook.sheetnames == ["Matrix", "Clusters", "Gaps"]
    matrix = [list(r) for r in workbook["Matrix"].iter_rows(values_only=True)]
    assert matrix[0] == [
        "Province code",
        "Province",
        "New-generation information technology",
        "High-end equipment",
        "New materials",
        "Biomedicine and high-end medical devices",
        "Consumer goods",
        "New energy and intelligent connected vehicles",
        "Total",
        "World-class",
        "National",
        "Provincial",
        "Cultivating",
        "National-level",
    ]
    by_code = {r[0]: r for r in matrix[1:32]}
    assert len(by_code) == 31
    assert by_code["320000"] == ["320000", "Jiangsu", 0, 4, 0, 0, 0, 0, 4, 0, 3, 1, 0, 3]
    assert by_code["440000"] == ["440000", "Guangdong", 1, 1, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2]
    assert by_code["110000"][2:] == [0] * 12
    assert matrix[32] == [None, "Total (each cluster once)", 1, 4, 0, 0, 0, 0, 5, 0, 4, 1, 0, 4]
    assert "cross-region" in matrix[34][1] and matrix[35][2] == "none"

    clusters = [list(r) for r in workbook["Clusters"].iter_rows(values_only=True)]
    assert clusters[0][:5] == ["ID", "Cluster", "English name", "Industry field", "Tier"]
    cross = next(r for r in clusters[1:] if r[0] == world.cross_cluster.pk)
    assert cross[1] == world.cross_cluster.name and cross[4] == "National"
    assert cross[6] == "Guangdong、Jiangsu" and cross[8] == "yes"
    assert len(clusters) == 6

    gaps = [list(r) for r in workbook["Gaps"].iter_rows(values_only=True)]
    assert gaps[0] == ["Gap", "Code", "Name", "English name"]
    assert [r[1] for r in gaps[1:5]] == NO_NATIONAL_FIELDS
    assert gaps[1][0] == "Industry field without a national-level cluster" and gaps[1][2] == "新材料"
    assert len(gaps) == 1 + 4 + 29 and gaps[-1][0] == "Province without a national-level cluster"


def test_excel_export_applies_the_filters_and_speaks_chinese(world, page_client_for):
    workbook = export(page_client_for(world.ministry), LAYOUT_JOB, province="440000", tier="national")
    assert workbook.sheetnames == ["布局矩阵", "集群", "空白点"]
    matrix = [list(r) for r in workbook["布局矩阵"].iter_rows(values_only=True)]
    assert matrix[1][:2] == ["440000", "广东省"] and matrix[2][1] == "合计（每个集群计一次）"
    assert "广东省" in matrix[-1][2] and "国家级" in matrix[-1][2]
    ids = {r[0] for r in workbook["集群"].iter_rows(min_row=2, values_only=True)}
    assert ids == {world.shenzhen_cluster.pk, world.cross_cluster.pk}


def test_excel_export_escapes_formulas(world, page_client_for):
    ClusterFactory(
        name='=HYPERLINK("http://evil.example")', name_en="+SUM(A1)", promotion_body=world.orgs["nanjing_body"]
    )
    workbook = export(page_client_for(world.ministry), LAYOUT_JOB)
    rows = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    evil = next(r for r in rows if "HYPERLINK" in r[1])
    assert evil[1] == '\'=HYPERLINK("http://evil.example")' and evil[2] == "'+SUM(A1)"


def test_public_excel_export_is_the_public_layout(world, page_client_for):
    workbook = export(page_client_for(), reverse("layout-public-export"))
    ids = {r[0] for r in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert ids == {world.clusters[name].pk for name in PUBLIC}


# The pages -------------------------------------------------------------------------------------------------------


def test_layout_page_in_chinese(world, page_client_for):
    response = page_client_for(world.ministry).get(reverse("layout"))
    content = response.content.decode()
    assert "集群布局" in content and "全国所有集群。" in content
    assert ">江苏省</a>" in content and "高端装备" in content and "跨区域集群在其覆盖的每个省份都计入" in content
    assert 'data-province="540000"' in content and "西藏" in content


def test_layout_page_in_english(world, page_client_for):
    response = page_client_for(world.ministry).get(reverse("layout"), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "Cluster layout" in content and "Every cluster in the country." in content
    assert ">Jiangsu</a>" in content and "High-end equipment" in content
    assert "A cross-region cluster counts in every province it spans" in content
    assert "Industry fields without a national-level cluster" in content and "New materials" in content


def test_layout_page_shows_the_gaps_and_the_tiles(world, page_client_for):
    response = page_client_for(world.jiangsu).get(reverse("layout"), HTTP_ACCEPT_LANGUAGE="en")
    tiles = {tile.code: tile for tile in response.context["layout"].tiles}
    assert len(tiles) == 34
    assert tiles["320000"].province.national_level == 3 and tiles["320000"].province.tile_step == 3
    assert tiles["440000"].province.national_level == 1 and tiles["440000"].province.tile_step == 1
    assert tiles["110000"].province.tile_step == 0 and tiles["710000"].province is None
    content = response.content.decode()
    assert 'class="layout-tile layout-step-3" style="grid-row: 5; grid-column: 6;" data-province="320000"' in content
    assert 'data-province="710000" title="Taiwan: outside the cluster programme"' in content
    assert 'id="gap-provinces-none"' in content
    assert 'name="key" value="clusters.layout"' in content


def test_tiles_cover_every_province_once(db):
    assert len(TILE_GRID) == 34 and len(set(TILE_GRID.values())) == 34
    assert set(TILE_GRID) == set(Region.objects.filter(level="province").values_list("code", flat=True))
    assert short_name("内蒙古自治区") == "内蒙古" and short_name("新疆维吾尔自治区") == "新疆"
    assert short_name("北京市") == "北京" and short_name("江苏省") == "江苏"


def test_filters_carry_into_the_export_and_the_tile_links(world, page_client_for):
    response = page_client_for(world.ministry).get(reverse("layout"), {"tier": "national", "field": "ngit"})
    content = response.content.decode()
    assert 'name="query" value="tier=national&amp;field=ngit"' in content
    assert f"{reverse('layout')}?tier=national&amp;field=ngit&amp;province=440000" in content


def test_navigation_links_the_layout(world, page_client_for):
    assert reverse("layout") in page_client_for(world.nanjing_body).get(reverse("dashboard")).content.decode()
    assert reverse("layout-public") in page_client_for().get(reverse("register-list")).content.decode()
    national = page_client_for(world.ministry).get(reverse("dashboard")).content.decode()
    assert 'id="dashboard-layout"' in national


def test_schema_documents_the_layout(db, client):
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/layout/"]["get"]
    tier = next(p for p in operation["parameters"] if p["name"] == "tier")
    assert sorted(tier["schema"]["items"]["enum"]) == ["cultivating", "national", "provincial", "world_class"]
    public = schema["paths"]["/api/v1/layout/public/"]["get"]
    tier = next(p for p in public["parameters"] if p["name"] == "tier")
    assert sorted(tier["schema"]["items"]["enum"]) == ["national", "world_class"]
    assert "400" in operation["responses"]
