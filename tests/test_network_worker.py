"""A network analysis run end to end by a real Celery worker over Redis: requested through the service (queued
on commit), computed in the worker process, its figures read back from PostgreSQL."""

import time

import pytest

from clusters.models import MemberFigure, NetworkAnalysis
from clusters.network import services
from config.celery import app as celery_app

from .builders.network import build_network
from .conftest import make_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_network_analysis_runs_on_a_real_worker(celery_worker_process):
    world = make_world()
    members = build_network(world.nanjing_cluster, 6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = celery_worker_process
    try:
        analysis = services.network_analysis_request(cluster=world.nanjing_cluster, by=world.nanjing_body)
    finally:
        celery_app.conf.task_default_queue = previous
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        analysis.refresh_from_db()
        if analysis.is_finished:
            break
        time.sleep(0.3)
    assert analysis.status == NetworkAnalysis.Status.SUCCEEDED, (analysis.status, analysis.message, analysis.error)
    assert analysis.articulation_points == [members[2].pk, members[3].pk]
    assert MemberFigure.objects.filter(analysis=analysis).count() == 6
