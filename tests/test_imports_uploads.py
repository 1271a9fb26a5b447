"""Bulk import through the API and the pages, who may import into which cluster, and the stored upload files: kept
under the job's name, never left behind by a failed or rolled-back request, deleted with the last job using them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections, transaction
from django.urls import reverse

from clusters.imports import job as import_job
from clusters.imports import storage
from clusters.models import ImportJob
from tenancy import jobs
from tenancy.scoping import system_scope

from .builders.imports_files import (
    bad_checksum,
    code,
    member_row,
    members_csv,
    members_of,
)
from .conftest import count_queries
from .factories import ClusterFactory

pytestmark = pytest.mark.usefixtures("_media")


# API, pages and permissions -----------------------------------------------------------------------------------------


def test_api_detail_shows_the_report_and_the_list_filters_by_cluster(world, links, upload, client_for):
    _response, job = upload(members_csv([member_row(1, credit_code=bad_checksum(1))]), dry_run=True)
    client = client_for(world.nanjing_body)
    body = client.get(reverse("api:import-job-detail", args=[job.pk])).json()
    assert body["status"] == "failed"
    assert body["report"] == [{"row": 2, "column": "统一社会信用代码", "message": job.report[0]["message"]}]
    listed = client.get(reverse("api:import-job-list"), {"cluster": world.nanjing_cluster.pk}).json()
    assert [row["id"] for row in listed["results"]] == [job.pk]
    assert "report" not in listed["results"][0]
    assert client.get(reverse("api:import-job-list"), {"cluster": world.provincial_cluster.pk}).json()["count"] == 0


@pytest.mark.parametrize(("role", "status"), [("nanjing_viewer", 403), ("ministry", 403), ("jiangsu", 403)])
def test_only_the_promotion_bodys_editors_may_import(world, links, upload, role, status):
    response, _job = upload(members_csv([member_row(1)]), user=world.user(role))
    assert response.status_code == status
    assert not ImportJob._base_manager.exists()


def test_another_bodys_cluster_is_not_a_choice(world, links, upload):
    response, _job = upload(members_csv([member_row(1)]), user=world.shenzhen_body)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["cluster"]
    assert not ImportJob._base_manager.exists()


def test_upload_page_runs_a_dry_run_then_commits_it(world, links, page_client_for, django_capture_on_commit_callbacks):
    client = page_client_for(world.nanjing_body)
    page = client.get(reverse("cluster-imports", args=[world.nanjing_cluster.pk]))
    assert page.status_code == 200
    assert 'id="import-form"' in page.content.decode()
    data = members_csv([member_row(1), member_row(2)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cluster-imports", args=[world.nanjing_cluster.pk]),
            {"kind": "members", "file": SimpleUploadedFile("成员.csv", data), "dry_run": "on"},
        )
    job = ImportJob._base_manager.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, job.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'id="import-counts"' in detail and 'id="import-commit"' in detail
    assert not members_of(world.nanjing_cluster).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cluster-import-commit", args=[world.nanjing_cluster.pk, job.pk]))
    commit = ImportJob._base_manager.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, commit.pk])
    assert (commit.dry_run, commit.status, commit.created_rows) == (False, ImportJob.Status.SUCCEEDED, 2)
    assert members_of(world.nanjing_cluster).count() == 2
    history = client.get(reverse("cluster-imports", args=[world.nanjing_cluster.pk])).content.decode()
    assert f'id="import-{job.pk}"' in history and f'id="import-{commit.pk}"' in history


def test_upload_page_shows_a_refused_file_as_a_field_error(world, links, page_client_for):
    client = page_client_for(world.nanjing_body)
    response = client.post(
        reverse("cluster-imports", args=[world.nanjing_cluster.pk]),
        {"kind": "members", "file": SimpleUploadedFile("m.xlsx", b"name,credit_code\n"), "dry_run": "on"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ImportJob._base_manager.exists()


def test_report_page_lists_row_column_and_message(world, links, upload, page_client_for):
    _response, job = upload(members_csv([member_row(1), member_row(2, credit_code=code(1))]), dry_run=True)
    page = page_client_for(world.nanjing_body).get(
        reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, job.pk])
    )
    html = page.content.decode()
    assert 'id="import-report"' in html
    assert '<td class="text-end">3</td><td>统一社会信用代码</td>' in html
    assert 'id="import-commit"' not in html


def test_status_endpoint_polls_while_queued_and_stops_when_finished(world, page_client_for):
    job = ImportJob._base_manager.create(
        cluster=world.nanjing_cluster, kind="members", file="imports/x.csv", original_name="x.csv"
    )
    client = page_client_for(world.nanjing_body)
    url = reverse("cluster-import-status", args=[world.nanjing_cluster.pk, job.pk])
    assert "hx-trigger" in client.get(url).content.decode()
    job.succeed("done")
    finished = client.get(url).content.decode()
    assert "hx-trigger" not in finished and 'id="import-result"' in finished


def test_a_vanished_file_fails_the_job_with_a_message(world):
    job = ImportJob._base_manager.create(
        cluster=world.nanjing_cluster, kind="members", file="imports/gone.csv", original_name="gone.csv"
    )
    with system_scope():
        import_job.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.report[0]["row"] == 1


def test_cluster_page_links_to_imports_only_for_those_who_see_them(world, page_client_for):
    url = reverse("cluster-detail", args=[world.nanjing_cluster.pk])
    assert 'id="cluster-imports-link"' in page_client_for(world.nanjing_viewer).get(url).content.decode()
    assert 'id="cluster-imports-link"' not in page_client_for(world.jiangsu).get(url).content.decode()


# Stored files and progress -----------------------------------------------------------------------------------------


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def test_an_upload_is_stored_once_its_job_commits_under_the_name_the_job_holds(world, links, upload):
    _response, job = upload(members_csv([member_row(1)]))
    assert job.status == ImportJob.Status.SUCCEEDED
    assert stored_files() == [job.file.name]
    assert job.file.name.startswith(f"imports/cluster-{world.nanjing_cluster.pk}/")


def test_a_request_that_fails_after_creating_the_job_leaves_no_row_and_no_file(
    world, links, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from clusters.imports.api import views as api

    class BrokenSerializer(api.ImportJobSerializer):
        @property
        def data(self):
            raise RuntimeError("the response cannot be built")

    monkeypatch.setattr(api, "ImportJobSerializer", BrokenSerializer)
    body = {
        "cluster": world.nanjing_cluster.pk,
        "kind": "members",
        "file": SimpleUploadedFile("m.csv", members_csv([member_row(1)])),
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        client_for(world.nanjing_body).post(reverse("api:import-job-list"), body, format="multipart")
    assert callbacks == []
    assert not ImportJob._base_manager.exists()
    assert stored_files() == []


def test_a_creation_rolled_back_by_its_caller_stores_no_file(world, links, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        import_job.import_job_create(
            cluster=world.nanjing_cluster,
            kind="members",
            upload=SimpleUploadedFile("m.csv", members_csv([member_row(1)])),
            dry_run=True,
            by=world.nanjing_body,
        )
        raise RuntimeError("something later in the same transaction fails")
    assert callbacks == []
    assert stored_files() == []


def test_a_file_that_cannot_be_stored_fails_its_job_with_a_message(world, links, upload, monkeypatch):
    def full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    response, job = upload(members_csv([member_row(1)]), dry_run=False)
    assert response.status_code == 202
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "could not be stored" in job.message
    assert job.report[0]["row"] == 1
    assert not members_of(world.nanjing_cluster).exists()


def test_deleting_an_import_deletes_its_file(world, links, upload, django_capture_on_commit_callbacks):
    _response, job = upload(members_csv([member_row(1)]))
    assert stored_files() == [job.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        job.delete()
    assert stored_files() == []


def test_a_file_shared_by_a_dry_run_and_its_commit_goes_with_the_last_of_them(
    world, links, upload, django_capture_on_commit_callbacks
):
    _response, dry_run = upload(members_csv([member_row(1)]), dry_run=True)
    with django_capture_on_commit_callbacks(execute=True):
        commit = import_job.import_job_commit(job=dry_run, by=world.nanjing_body)
    assert commit.file.name == dry_run.file.name
    with django_capture_on_commit_callbacks(execute=True):
        dry_run.delete()
    assert stored_files() == [commit.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        ImportJob._base_manager.filter(pk=commit.pk).delete()
    assert stored_files() == []


def test_a_deletion_that_rolls_back_keeps_the_file(world, links, upload, django_capture_on_commit_callbacks):
    _response, job = upload(members_csv([member_row(1)]))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        job.delete()
        raise RuntimeError("the deletion is undone")
    assert callbacks == []
    assert stored_files() == [job.file.name]


def test_deleting_a_cluster_deletes_the_files_of_its_imports(world, django_capture_on_commit_callbacks):
    cluster = ClusterFactory(promotion_body=world.nanjing_cluster.promotion_body)
    for n in (1, 2):
        job = ImportJob(cluster=cluster, kind="members", original_name=f"{n}.csv")
        job.file.save(f"{n}.csv", ContentFile(members_csv([member_row(n)])), save=False)
        job.save()
    kept = ImportJob(cluster=world.nanjing_cluster, kind="members", original_name="kept.csv")
    kept.file.save("kept.csv", ContentFile(members_csv([member_row(3)])), save=False)
    kept.save()
    assert len(stored_files()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        cluster.delete()
    assert stored_files() == [kept.file.name]


def test_the_write_step_reports_progress_per_chunk_and_a_broken_progress_connection_stops_nothing(
    world, links, monkeypatch
):
    monkeypatch.setattr(storage, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
    shares = []
    original = jobs.StepProgress.__call__

    def watch(self, share):
        if self.apart:
            shares.append(share)
        original(self, share)

    def refuse(alias):
        raise OperationalError("too many connections")

    monkeypatch.setattr(jobs.StepProgress, "__call__", watch)
    monkeypatch.setattr(connections, "create_connection", refuse)
    job = ImportJob(cluster=world.nanjing_cluster, kind="members", dry_run=False, original_name="m.csv")
    job.file.save("m.csv", ContentFile(members_csv([member_row(n) for n in range(1, 51)])), save=False)
    job.save()
    with system_scope():
        import_job.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.error)
    assert members_of(world.nanjing_cluster).count() == 50
    assert len(shares) >= 10  # 50 members and 50 chain links, in chunks of 10
    assert shares == sorted(shares) and shares[-1] == 1.0


def grow_imports(world, n):
    for i in range(n):
        ImportJob._base_manager.create(
            cluster=world.nanjing_cluster,
            kind="members",
            file=f"imports/{i}.csv",
            original_name=f"{i}.csv",
            created_by=world.nanjing_body,
        )


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
@pytest.mark.parametrize("api", [True, False])
def test_import_lists_use_as_many_queries_for_many_rows_as_for_few(world, client_for, page_client_for, role, api):
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse("api:import-job-list") if api else reverse("cluster-imports", args=[world.nanjing_cluster.pk])
    grow_imports(world, 1)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    grow_imports(world, 30)
    many = count_queries(lambda: client.get(url))
    assert few == many
