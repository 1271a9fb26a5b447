"""A real Celery worker over Redis: a task is queued, run by a worker process
against the test database, and its result is read back from PostgreSQL."""

import pytest
from django_celery_results.models import TaskResult

from tenancy.tasks import census

from .factories import MembershipFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


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
