"""No lost work: an evaluation run on a real Celery worker over Redis, whose worker is killed (SIGKILL to its process
group) in the middle of the run. The task is acknowledged late, so the message stays unacknowledged in Redis; once
a new worker is started it is delivered again, and the run completes with exactly one result per entry, the same
results an uninterrupted computation gives.

The workers get a short broker visibility timeout (CELERY_TASK_TIME_LIMIT=2 → 4 s; the solo pool enforces no time
limit) so that the new worker restores the unacknowledged message at start-up instead of after two hours."""

import os
import signal
import tempfile
import time

import pytest
from django.conf import settings

from config.celery import app as celery_app
from evaluations.models import EvaluationRun, Result
from evaluations.runs import execution as run_execution
from evaluations.runs import services as run_services
from evaluations.runs.scoring import compute

from .builders.runs import (
    add_entry,
    add_review,
    criteria_of,
    expert_criterion,
    experts,
    indicator_criterion,
    make_round,
)
from .conftest import make_world
from .workers import start_worker, stop, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VISIBILITY_TIMEOUT = 4  # seconds: twice CELERY_TASK_TIME_LIMIT, see config/settings.py


def build_round(ministry, *, entries=30, panel=5):
    round_ = make_round(
        by=ministry,
        name="断电测试竞赛",
        rubric=[expert_criterion("协作", 60, max_score=10), indicator_criterion("营业收入", 40, "revenue")],
        top_n=3,
    )
    criterion, revenue = criteria_of(round_)
    reviewers = experts(panel)
    submissions = []
    for n in range(entries):
        entry = add_entry(round_, claims={revenue: 100 + 7 * n}, field="ngit" if n % 3 else "high_end_equipment")
        for k, expert in enumerate(reviewers):
            add_review(entry, expert, {criterion: (n * 7 + k * 3) % 11})
        submissions.append(entry)
    return round_, submissions


def test_a_run_whose_worker_is_killed_completes_on_the_next_worker_without_lost_or_duplicated_results():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    world = make_world()
    round_, submissions = build_round(world.ministry)
    queue = f"test-runs-{os.getpid()}-{time.time_ns()}"
    with tempfile.TemporaryFile() as log:
        run, worker_log = kill_mid_run_and_restart(round_, world.ministry, queue, log)
    assert run.status == EvaluationRun.Status.SUCCEEDED, (run.status, run.message, run.error, worker_log)
    assert run.progress == 100
    stored = list(Result.objects.filter(run=run).values_list("submission_id", "total", "rank"))
    assert len(stored) == len(submissions) == 30
    assert sorted(pk for pk, _total, _rank in stored) == sorted(s.pk for s in submissions)  # one each, none twice
    expected = compute(run_execution.run_inputs_load(round_id=round_.pk))
    assert run.digest == expected.digest
    assert sorted(stored) == sorted((r.entry_id, r.total, r.rank) for r in expected.results)


def kill_mid_run_and_restart(round_, ministry, queue, log):
    """Start a run on a first worker, SIGKILL it mid-run, start a second worker; the run once it has finished."""
    first = start_worker(queue, log, CELERY_TASK_TIME_LIMIT=VISIBILITY_TIMEOUT // 2, CELERY_TASK_SOFT_TIME_LIMIT=1)
    second = None
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        # 1.5 s between stages: the run takes about ten seconds.
        run = run_services.run_start(round=round_, by=ministry, parameters={"pause_seconds": 1.5})
        celery_app.conf.task_default_queue = previous

        def running_mid_way():
            run.refresh_from_db()
            return run.status == EvaluationRun.Status.RUNNING and 20 <= run.progress < 90

        wait_for(running_mid_way, timeout=90, what="the first worker to be mid-run")
        delivered = time.monotonic()
        stop(first, signal.SIGKILL)
        assert first.returncode == -signal.SIGKILL
        run.refresh_from_db()
        assert run.status == EvaluationRun.Status.RUNNING  # nobody finished it
        assert not Result.objects.filter(run=run).exists()

        # Past the visibility timeout, a new worker takes the unacknowledged message back and runs it again.
        time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - delivered)))
        second = start_worker(queue, log, CELERY_TASK_TIME_LIMIT=VISIBILITY_TIMEOUT // 2, CELERY_TASK_SOFT_TIME_LIMIT=1)

        def finished():
            run.refresh_from_db()
            return run.is_finished

        wait_for(finished, timeout=120, what="the second worker to finish the run")
    finally:
        celery_app.conf.task_default_queue = previous
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)
        log.seek(0)
        worker_log = log.read().decode(errors="replace")[-3000:]
    return run, worker_log
