"""The observation platform: the indicator catalogue, the observations API (create, read, filters, validation)
and evidence files.

The pages, exports and comparison are in tests/test_observation_pages.py."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clusters.models import Indicator, Observation
from clusters.observations.services import MAX_EVIDENCE_BYTES
from tenancy.exports import xlsx_bytes

from .builders.observations import PDF, PNG, english_clients, upload
from .cast import VISIBLE_CLUSTERS as VISIBLE
from .factories import ObservationFactory, indicator

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def xlsx_file():
    return xlsx_bytes([("Data", ["a"], [[1]])])


pytestmark = pytest.mark.usefixtures("_observation_media")


@pytest.fixture
def client_for(client_for):
    """API clients that ask for English (tests/builders/observations.py)."""
    return english_clients(client_for)


# The catalogue ------------------------------------------------------------------------------------------------------


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
