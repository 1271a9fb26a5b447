"""A bulk import run by a real Celery worker over Redis, against the test database and a shared MEDIA_ROOT."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from clusters.models import ImportJob, Member
from clusters.tasks import run_import

from .test_imports import member_row, members_csv

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def celery_worker_process(media_root):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    db = connection.settings_dict
    env = dict(os.environ)
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env["REDIS_URL"] = settings.REDIS_URL
    env["MEDIA_ROOT"] = media_root
    queue = f"test-imports-{os.getpid()}-{time.time_ns()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


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
