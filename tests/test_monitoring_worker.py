"""A monitoring evaluation run end to end by a real Celery worker over Redis: recorded through the service (queued
on commit), computed in the worker process, its results and warnings read back from PostgreSQL."""

import time

import pytest

from config.celery import app as celery_app
from monitoring.evaluation import services as monitoring_services
from monitoring.models import EarlyWarning, MonitoringEvaluation, MonitoringResult

from .conftest import make_world
from .matrix.monitoring import ALL_TIERS, seed_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_monitoring_evaluation_runs_on_a_real_worker(celery_worker_process):
    world = make_world()
    seed_data(world)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = celery_worker_process
    try:
        evaluation = monitoring_services.evaluation_start(year=2024, tiers=ALL_TIERS, by=world.ministry)
    finally:
        celery_app.conf.task_default_queue = previous
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        evaluation.refresh_from_db()
        if evaluation.is_finished:
            break
        time.sleep(0.3)
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED, (evaluation.message, evaluation.error)
    assert MonitoringResult.objects.filter(evaluation=evaluation).count() == 5
    concentration = EarlyWarning.objects.get(result__evaluation=evaluation, rule="concentration")
    assert concentration.result.cluster == world.shenzhen_cluster
    assert concentration.details["largest_share"] == 0.9
