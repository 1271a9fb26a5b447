"""A real Celery worker over Redis: a task is queued, run by a worker process
against the test database, and its result is read back from PostgreSQL."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django_celery_results.models import TaskResult

from tenancy.tasks import census

from .factories import MembershipFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def celery_worker_process():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    db = connection.settings_dict
    env = dict(os.environ)
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env["REDIS_URL"] = settings.REDIS_URL
    queue = f"test-{os.getpid()}-{time.time_ns()}"
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


def test_task_runs_on_a_real_worker_and_its_result_is_stored_in_postgresql(celery_worker_process):
    MembershipFactory.create_batch(3)
    result = census.apply_async(queue=celery_worker_process)
    value = result.get(timeout=60)
    assert value["organisations"] == 3
    assert value["memberships"] == 3
    assert value["worker"].startswith("celery@")
    stored = TaskResult.objects.get(task_id=result.id)
    assert stored.status == "SUCCESS"
    assert stored.task_name == "tenancy.census"
