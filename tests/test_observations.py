"""The observation platform: catalogue, observations API and pages, evidence files, exports, comparison."""

import csv
import io
import os
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clusters.models import Indicator, Observation
from clusters.observations.services import MAX_EVIDENCE_BYTES
from tenancy.exports import csv_text, excel_safe, xlsx_bytes

from .cast import VISIBLE_CLUSTERS as VISIBLE
from .conftest import count_queries
from .factories import ClusterFactory, ObservationFactory, indicator

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def xlsx_file():
    return xlsx_bytes([("Data", ["a"], [[1]])])


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


# The catalogue ------------------------------------------------------------------------------------------------------


@pytest.fixture
def client_for(client_for):
    """API clients that ask for English, so that messages can be asserted whatever the translations say."""

    def make(user=None):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def test_catalogue_ships_indicators_in_all_six_categories(db):
    indicator("revenue")  # reloads the shipped rows if a transactional test flushed them
    catalogue = Indicator.objects.all()
    assert 20 <= catalogue.count() <= 30
    assert {i.category for i in catalogue} == set(Indicator.Category.values)
    energy = catalogue.get(code="energy_per_output")
    assert (energy.name, energy.unit, energy.higher_is_better) == ("单位产值能耗", "吨标准煤/万元", False)
    assert all(i.name and i.name_en and i.description and i.description_en for i in catalogue)
    for code in ("revenue", "rd_intensity", "local_supporting_rate", "little_giants", "single_champions"):
        assert catalogue.filter(code=code).exists(), code


def test_catalogue_api_is_read_only_and_keyed_by_code(world, client_for):
    indicator("revenue")
    client = client_for(world.nanjing_body)
    body = client.get(reverse("api:indicator-list"), {"category": "green_digital"}).json()
    assert {row["code"] for row in body} >= {"energy_per_output", "nc_key_processes"}
    assert all(row["category"] == "green_digital" for row in body)
    detail = client.get(reverse("api:indicator-detail", args=["rd_intensity"])).json()
    assert detail["unit"] == "%" and detail["name"] == "研发投入强度"
    assert client.post(reverse("api:indicator-list"), {"code": "x"}, format="json").status_code == 405


# API: create, read, filters, validation -----------------------------------------------------------------------------


def create(client, cluster, **fields):
    data = {"cluster": cluster.pk, "indicator": "revenue", "year": 2023, "value": "1234.5", "source": "南京统计年鉴"}
    data.update(fields)
    return client.post(reverse("api:observation-list"), data, format="json")


def test_promotion_body_records_an_observation_and_the_history_says_who(world, client_for):
    response = create(client_for(world.nanjing_body), world.nanjing_cluster)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["value"] == 1234.5  # a number, not a string
    assert (body["indicator"], body["category"], body["unit"], body["year"]) == ("revenue", "scale", "亿元", 2023)
    assert body["evidence_url"] is None
    observation = Observation._base_manager.get(pk=body["id"])
    assert observation.history.first().history_user == world.nanjing_body
    history = client_for(world.jiangsu).get(reverse("api:observation-history", args=[observation.pk])).json()
    assert history[0]["user"] == "t-nanjing" and history[0]["type"] == "+"


@pytest.mark.parametrize("role", list(VISIBLE))
def test_list_holds_exactly_the_observations_of_visible_clusters(role, world, client_for):
    expected = {
        ObservationFactory(cluster=cluster, year=2020).pk
        for name, cluster in world.clusters.items()
        if name in VISIBLE[role]
    }
    for name, cluster in world.clusters.items():
        if name not in VISIBLE[role]:
            ObservationFactory(cluster=cluster, year=2021)
    body = client_for(world.user(role)).get(reverse("api:observation-list")).json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


def test_filters_by_cluster_indicator_year_and_category(world, client_for):
    cluster = world.nanjing_cluster
    revenue_2022 = ObservationFactory(cluster=cluster, indicator=indicator("revenue"), year=2022)
    ObservationFactory(cluster=cluster, indicator=indicator("revenue"), year=2023)
    rd = ObservationFactory(cluster=cluster, indicator=indicator("rd_intensity"), year=2022, value="3.1")
    other = ObservationFactory(cluster=world.provincial_cluster, indicator=indicator("revenue"), year=2022)
    client = client_for(world.nanjing_body)

    def ids(**params):
        return {row["id"] for row in client.get(reverse("api:observation-list"), params).json()["results"]}

    assert ids(cluster=cluster.pk, indicator="revenue", year=2022) == {revenue_2022.pk}
    assert ids(category="innovation") == {rd.pk}
    assert ids(year=2022) == {revenue_2022.pk, rd.pk, other.pk}
    assert ids(year_from=2023) == {Observation._base_manager.get(year=2023).pk}


def test_duplicate_cluster_indicator_year_is_a_field_error_not_a_server_error(world, client_for):
    client = client_for(world.nanjing_body)
    assert create(client, world.nanjing_cluster).status_code == 201
    response = create(client, world.nanjing_cluster, value="99")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"year": ["This indicator already has a value for this year."]}
    assert Observation._base_manager.get().value == 1234.5


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": 1989}, "year"),
        ({"year": timezone.localdate().year + 2}, "year"),
        ({"year": "last year"}, "year"),
        ({"value": "a lot"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": "-5"}, "value"),
        ({"value": "1.23456"}, "value"),
        ({"indicator": "rd_intensity", "value": "101"}, "value"),
        ({"indicator": "no_such_indicator"}, "indicator"),
        ({"source": "x" * 201}, "source"),
    ],
)
def test_bad_input_is_a_field_error_and_changes_nothing(world, client_for, fields, field):
    response = create(client_for(world.nanjing_body), world.nanjing_cluster, **fields)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert not Observation._base_manager.exists()


def test_next_year_is_accepted(world, client_for):
    year = timezone.localdate().year + 1
    assert create(client_for(world.nanjing_body), world.nanjing_cluster, year=year).status_code == 201


def test_cluster_body_cannot_record_for_another_tenants_cluster(world, client_for):
    response = create(client_for(world.nanjing_body), world.shenzhen_cluster)
    assert response.status_code == 400
    assert "cluster" in response.json()["error"]["fields"]
    assert world.shenzhen_cluster.name not in response.content.decode()
    assert not Observation._base_manager.exists()


def test_local_government_and_viewer_may_read_but_not_write(world, client_for):
    observation = ObservationFactory(cluster=world.nanjing_cluster)
    for role in ("jiangsu", "nanjing_viewer"):
        client = client_for(world.user(role))
        assert create(client, world.nanjing_cluster, year=2010).status_code == 403
        url = reverse("api:observation-detail", args=[observation.pk])
        assert client.get(url).status_code == 200
        assert client.patch(url, {"value": "1"}, format="json").status_code == 403
    assert Observation._base_manager.count() == 1


def test_an_observation_cannot_move_to_another_cluster(world, client_for):
    observation = ObservationFactory(cluster=world.nanjing_cluster)
    response = client_for(world.nanjing_body).patch(
        reverse("api:observation-detail", args=[observation.pk]),
        {"cluster": world.provincial_cluster.pk},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["cluster"]


def test_update_into_an_existing_year_is_a_field_error(world, client_for):
    ObservationFactory(cluster=world.nanjing_cluster, year=2020)
    later = ObservationFactory(cluster=world.nanjing_cluster, year=2021, status="draft")
    response = client_for(world.nanjing_body).patch(
        reverse("api:observation-detail", args=[later.pk]), {"year": 2020}, format="json"
    )
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["year"]


# Evidence files -----------------------------------------------------------------------------------------------------


def create_with_file(client, cluster, name, content, **fields):
    data = {
        "cluster": cluster.pk,
        "indicator": "revenue",
        "year": 2023,
        "value": "10",
        "evidence": upload(name, content),
    }
    data.update(fields)
    return client.post(reverse("api:observation-list"), data, format="multipart")


@pytest.mark.parametrize(
    ("name", "content"),
    [("年鉴.pdf", PDF), ("photo.PNG", PNG), ("scan.jpg", JPEG), ("scan.jpeg", JPEG), ("table.xlsx", None)],
)
def test_evidence_of_each_accepted_type_is_stored_under_media_root(world, client_for, name, content):
    content = content or xlsx_file()
    response = create_with_file(client_for(world.nanjing_body), world.nanjing_cluster, name, content)
    assert response.status_code == 201, response.json()
    observation = Observation._base_manager.get()
    path = Path(observation.evidence.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT)) and path.read_bytes() == content
    assert not str(path).startswith(str(settings.STATIC_ROOT))


def test_docx_is_accepted_when_it_is_a_word_document(world, client_for):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    response = create_with_file(client_for(world.nanjing_body), world.nanjing_cluster, "report.docx", buffer.getvalue())
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.pdf", PNG, "The content of the file is not a PDF file."),
        ("fake.png", PDF, "The content of the file is not a PNG file."),
        ("fake.jpg", b"GIF89a....", "The content of the file is not a JPG file."),
        ("fake.xlsx", PDF, "The content of the file is not a XLSX file."),
        ("zip.xlsx", b"PK\x03\x04 not really a zip", "The content of the file is not a XLSX file."),
        ("script.exe", b"MZ\x90\x00", "Upload a PDF, XLSX, DOCX, PNG or JPEG file (.exe is not accepted)."),
        (
            "page.html",
            b"<html><script>alert(1)</script>",
            "Upload a PDF, XLSX, DOCX, PNG or JPEG file (.html is not accepted).",
        ),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_evidence_with_wrong_type_or_magic_bytes_is_refused(world, client_for, name, content, message):
    response = create_with_file(client_for(world.nanjing_body), world.nanjing_cluster, name, content)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"evidence": [message]}
    assert not Observation._base_manager.exists()
    assert not (Path(settings.MEDIA_ROOT) / "evidence").exists()


def test_a_zip_that_is_not_a_workbook_is_refused_as_xlsx(world, client_for):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = create_with_file(
        client_for(world.nanjing_body), world.nanjing_cluster, "renamed.xlsx", buffer.getvalue()
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["evidence"]


def test_oversize_evidence_is_refused(world, client_for):
    content = PDF + b"0" * (MAX_EVIDENCE_BYTES + 1 - len(PDF))
    response = create_with_file(client_for(world.nanjing_body), world.nanjing_cluster, "big.pdf", content)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["evidence"] == ["The file is 10.0 MB; at most 10 MB is accepted."]
    assert not Observation._base_manager.exists()


def test_evidence_download_is_an_attachment_for_viewers_and_404_for_other_tenants(world, client_for, page_client_for):
    assert create_with_file(client_for(world.nanjing_body), world.nanjing_cluster, "年鉴.pdf", PDF).status_code == 201
    observation = Observation._base_manager.get()
    api_url = reverse("api:observation-evidence", args=[observation.pk])
    page_url = reverse("observation-evidence", args=[world.nanjing_cluster.pk, observation.pk])
    for response in (client_for(world.jiangsu).get(api_url), page_client_for(world.nanjing_viewer).get(page_url)):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == 'attachment; filename="revenue-2023-evidence.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.guangdong).get(api_url).status_code == 404
    assert client_for(world.shenzhen_body).get(api_url).status_code == 404
    assert page_client_for(world.shenzhen_body).get(page_url).status_code == 404
    # The cluster in the page URL must be the observation's own.
    wrong_cluster = reverse("observation-evidence", args=[world.provincial_cluster.pk, observation.pk])
    assert page_client_for(world.nanjing_body).get(wrong_cluster).status_code == 404
    # The file is not reachable under the static or media URL.
    assert page_client_for(world.nanjing_body).get("/media/" + observation.evidence.name).status_code == 404


def test_observation_without_evidence_answers_404_on_download(world, client_for):
    observation = ObservationFactory(cluster=world.nanjing_cluster)
    response = client_for(world.nanjing_body).get(reverse("api:observation-evidence", args=[observation.pk]))
    assert response.status_code == 404


def test_a_new_file_replaces_the_old_one_and_delete_removes_it(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.nanjing_body)
    assert create_with_file(client, world.nanjing_cluster, "a.pdf", PDF).status_code == 201
    observation = Observation._base_manager.get()
    old_path = Path(observation.evidence.path)
    url = reverse("api:observation-detail", args=[observation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(url, {"evidence": upload("b.png", PNG)}, format="multipart")
    assert response.status_code == 200
    observation.refresh_from_db()
    assert not old_path.exists()
    assert Path(observation.evidence.path).read_bytes() == PNG
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(url).status_code == 204
    assert not Path(observation.evidence.path).exists()


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
    response = page_client_for(world.nanjing_body).get(reverse("cluster-indicators-export", args=[cluster.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "indicator code 指标代码"
    data = {row[0]: row for row in rows[1:]}
    assert set(data) == {"revenue", "rd_intensity"}  # never another cluster's rows
    assert data["revenue"][4:7] == (2023, 3400.25, "'=cmd|'/C calc'!A0")
    assert data["rd_intensity"][5] == 3.2

    csv_response = page_client_for(world.nanjing_body).get(
        reverse("cluster-indicators-export", args=[cluster.pk, "csv"])
    )
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    revenue = next(row for row in rows if row[0] == "revenue")
    assert revenue[:2] + revenue[3:] == ["revenue", "营业收入", "亿元", "2023", "3400.2500", "'=cmd|'/C calc'!A0", ""]


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
    export = client.get(
        compare_url([world.nanjing_cluster, world.wuxi_cluster], "revenue", "cluster-compare-export", "xlsx")
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows == [
        ("营业收入 (亿元)", 2022, 2023),
        (world.nanjing_cluster.name, 3000, None),
        (world.wuxi_cluster.name, None, 4000),
    ]


def test_comparing_a_cluster_the_viewer_may_not_see_is_a_404_not_a_silent_gap(world, page_client_for):
    response = page_client_for(world.jiangsu).get(compare_url([world.nanjing_cluster, world.shenzhen_cluster]))
    assert response.status_code == 404
    assert world.shenzhen_cluster.name not in response.content.decode()
    export = page_client_for(world.jiangsu).get(
        compare_url([world.nanjing_cluster, world.shenzhen_cluster], "revenue", "cluster-compare-export", "csv")
    )
    assert export.status_code == 404


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
    (
        "cluster-indicators-export",
        False,
        lambda w: reverse("cluster-indicators-export", args=[w.nanjing_cluster.pk, "xlsx"]),
        grow_observations,
    ),
    ("cluster-compare", False, lambda w: compare_url([w.nanjing_cluster, w.provincial_cluster]), grow_observations),
    (
        "cluster-compare-export",
        False,
        lambda w: compare_url([w.nanjing_cluster, w.provincial_cluster], "revenue", "cluster-compare-export", "csv"),
        grow_observations,
    ),
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
