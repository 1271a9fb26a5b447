"""Dead workers, every kind of job: a real Celery worker over Redis runs a job slowly (JOB_PROGRESS_PAUSE_SECONDS
per progress step, a heartbeat every half second) and is killed with SIGKILL in the middle of it. The broker would
deliver its unacknowledged message again only after its visibility timeout (two hours here); instead the watchdog,
run as beat runs it two minutes later (`now` moved on), sends the job again and a new worker finishes it. A job
whose worker dies every time is failed, with the reason, at its JOB_MAX_ATTEMPTS-th stop."""

import contextlib
import os
import signal
import tempfile
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from config.celery import app as celery_app
from tenancy.tasks import job_watchdog

from .builders.jobs import EXPECTED, KINDS, MODELS, outcome, request_job
from .conftest import make_world
from .workers import start_worker, stop, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLOW = {"JOB_PROGRESS_PAUSE_SECONDS": 1, "JOB_HEARTBEAT_SECONDS": 0.5}


@contextlib.contextmanager
def sent_to(queue):
    """Tasks sent from the test process go to the test's queue."""
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield
    finally:
        celery_app.conf.task_default_queue = previous


def watchdog_two_minutes_later(queue):
    """One pass of beat's watchdog, as it runs once the killed worker's job has been silent past the threshold."""
    now = timezone.now() + timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 1)
    with sent_to(queue), translation.override("en"):
        return job_watchdog.apply(kwargs={"now": now}).get()


def kill_mid_job(worker, job, attempts):
    """Wait until `worker` is in the middle of `job` (running, past its first step, beating), then SIGKILL it."""

    def mid_job():
        job.refresh_from_db()
        return job.status == "running" and job.progress > 0 and job.attempts == attempts and job.heartbeat

    wait_for(mid_job, timeout=90, what=f"a worker in the middle of {job}")
    stop(worker, signal.SIGKILL)
    assert worker.returncode == -signal.SIGKILL
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", attempts)  # nobody finished it


@pytest.fixture
def worker_log():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    with tempfile.TemporaryFile() as log:
        workers = []
        yield log, workers
        for worker in workers:
            stop(worker, signal.SIGKILL)


def output(log):
    log.seek(0)
    return log.read().decode(errors="replace")[-3000:]


@pytest.mark.parametrize("kind", KINDS)
def test_a_job_whose_worker_is_killed_is_sent_again_by_the_watchdog_and_finished_by_a_new_worker(kind, worker_log):
    log, workers = worker_log
    world = make_world()
    queue = f"test-watchdog-{kind}-{os.getpid()}-{time.time_ns()}"
    workers.append(start_worker(queue, log, **SLOW))
    with sent_to(queue):
        job = request_job(kind, world)
    kill_mid_job(workers[0], job, attempts=0)

    label = MODELS[kind]._meta.label_lower
    assert watchdog_two_minutes_later(queue)[label] == {"requeued": 1, "failed": 0, "resent": 0}
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 1)
    assert job.message == "The worker running this job stopped; it was queued again (restart 1 of at most 2)."

    workers.append(start_worker(queue, log))
    wait_for(lambda: job.refresh_from_db() or job.is_finished, timeout=120, what="the new worker to finish the job")
    assert (job.status, job.attempts, job.progress) == ("succeeded", 1, 100), (job.message, job.error, output(log))
    assert outcome(kind, job) == EXPECTED[kind]  # written once, as by an uninterrupted run


def test_a_job_whose_worker_keeps_dying_is_failed_with_the_reason(worker_log, settings):
    log, workers = worker_log
    settings.JOB_MAX_ATTEMPTS = 2
    world = make_world()
    queue = f"test-watchdog-dying-{os.getpid()}-{time.time_ns()}"
    with sent_to(queue):
        job = request_job("network", world)
    for attempts in range(2):
        # Each step takes a minute: the job sits in its first one while the heartbeat thread beats.
        workers.append(start_worker(queue, log, JOB_PROGRESS_PAUSE_SECONDS=60, JOB_HEARTBEAT_SECONDS=0.5))

        def in_first_step(attempts=attempts):
            job.refresh_from_db()
            return job.status == "running" and job.attempts == attempts and job.progress > 0

        wait_for(in_first_step, timeout=90, what="the job's first step")
        first_beat = job.heartbeat
        wait_for(lambda b=first_beat: job.refresh_from_db() or job.heartbeat > b, timeout=10, what="a heartbeat")
        assert job.progress == 2  # still the first step: the beat came from the thread, not from progress
        kill_mid_job(workers[-1], job, attempts=attempts)
        watchdog_two_minutes_later(queue)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.is_finished) == ("failed", 2, True), output(log)
    assert job.message == "The worker running this job stopped 2 times; the job was given up."
    assert outcome("network", job) == 0
    assert all(counts["failed"] == 0 for counts in watchdog_two_minutes_later(queue).values())  # given up for good
