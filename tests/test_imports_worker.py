"""A bulk import run by a real Celery worker over Redis, against the test database and a shared MEDIA_ROOT."""

import pytest
from django.core.files.base import ContentFile

from clusters.models import ImportJob, Member
from clusters.tasks import run_import

from .builders.imports_files import member_row, members_csv

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_import_runs_on_a_real_worker_and_commits(world, celery_worker_process):
    from clusters.models import ChainLink

    ChainLink.objects.create(cluster=world.nanjing_cluster, name="输变电设备", segment="midstream")
    job = ImportJob(
        cluster=world.nanjing_cluster,
        kind="members",
        dry_run=False,
        original_name="成员.csv",
        created_by=world.nanjing_body,
    )
    job.file.save("worker.csv", ContentFile(members_csv([member_row(n) for n in range(1, 51)])), save=False)
    job.save()
    run_import.apply_async(args=[job.pk, "en"], queue=celery_worker_process).get(timeout=60)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.report, job.error)
    assert (job.rows, job.created_rows, job.updated_rows, job.progress) == (50, 50, 0, 100)
    assert job.message.startswith("Imported 50 rows")
    assert Member.objects.filter(cluster=world.nanjing_cluster).count() == 50
    # Delivered again (a worker lost after finishing): the finished job is left alone.
    run_import.apply_async(args=[job.pk, "en"], queue=celery_worker_process).get(timeout=60)
    assert Member.objects.filter(cluster=world.nanjing_cluster).count() == 50
