"""The write step's progress, seen from another connection while the import's transaction is still open."""

import pytest
from django.core.files.base import ContentFile
from django.db import connections
from django.utils import translation

from clusters.imports import job as import_job
from clusters.imports import storage
from clusters.models import ChainLink, ImportJob, Member
from tenancy import jobs
from tenancy.scoping import system_scope

from .builders.imports_files import member_row, members_csv

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_the_progress_bar_moves_while_the_rows_are_written(world, monkeypatch):
    monkeypatch.setattr(storage, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
    cluster = world.nanjing_cluster
    ChainLink.objects.create(cluster=cluster, name="输变电设备", segment="midstream")
    job = ImportJob(cluster=cluster, kind="members", dry_run=False, original_name="成员.csv")
    job.file.save("m.csv", ContentFile(members_csv([member_row(n) for n in range(1, 61)])), save=False)
    job.save()
    observer = connections.create_connection("default")  # what a page polling the job would read
    seen = []
    original = jobs.StepProgress.__call__

    def watch(self, share):
        original(self, share)
        if self.apart:
            with observer.cursor() as cursor:
                cursor.execute("SELECT progress, message FROM clusters_importjob WHERE id = %s", [job.pk])
                progress, message = cursor.fetchone()
                cursor.execute("SELECT count(*) FROM clusters_member WHERE cluster_id = %s", [cluster.pk])
                seen.append((progress, message, cursor.fetchone()[0]))

    monkeypatch.setattr(jobs.StepProgress, "__call__", watch)
    try:
        with system_scope(), translation.override("en"):
            import_job.import_job_run(job=job)
    finally:
        observer.close()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.error)
    assert (job.progress, job.created_rows) == (100, 60)
    assert Member.objects.filter(cluster=cluster).count() == 60
    progresses = [progress for progress, _message, _members in seen]
    assert len(set(progresses)) >= 5, seen  # 60 members and 60 chain links in chunks of 10
    assert progresses == sorted(progresses) and progresses[0] >= 30 and progresses[-1] == 99
    assert {message for _progress, message, _members in seen} == {"Writing 60 rows…"}
    assert {members for _progress, _message, members in seen} == {0}  # nothing committed until the end
