"""The job watchdog on rows, without a worker (tenancy/watchdog.py): every kind of job is registered and swept every
minute; a running job silent for JOB_STALE_AFTER_SECONDS is sent again and finished by its task, counting an
attempt; at the JOB_MAX_ATTEMPTS-th stop it is failed with the reason; a queued job whose message was lost is sent
again; fresh and finished jobs are left alone. Tasks run eagerly here (tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from config.celery import app as celery_app
from tenancy.scoping import unscoped
from tenancy.tasks import job_watchdog
from tenancy.watchdog import job_kinds

from .builders.jobs import EXPECTED, KINDS, MODELS, outcome, request_job

pytestmark = pytest.mark.django_db

IDLE = {"requeued": 0, "failed": 0, "resent": 0}


def label(kind):
    return MODELS[kind]._meta.label_lower


def set_row(job, **fields):
    unscoped(type(job)).filter(pk=job.pk).update(**fields)
    job.refresh_from_db()


def copy_of(job):
    """A second row of the same kind on the same inputs (not queued)."""
    model = type(job)
    row = unscoped(model).get(pk=job.pk)
    row.pk = None
    row.save()
    return row


def sweep(now):
    return job_watchdog.apply(kwargs={"now": now}).get()


def test_every_kind_of_job_is_registered_and_swept_every_minute_within_five_minutes_of_a_death():
    assert settings.CELERY_BEAT_SCHEDULE["job-watchdog"] == {"task": "tenancy.job_watchdog", "schedule": 60}
    assert {kind.label: kind.task for kind in job_kinds()} == {
        "clusters.importjob": "clusters.run_import",
        "clusters.networkanalysis": "clusters.network_analysis",
        "evaluations.evaluationrun": "evaluations.evaluation_run",
        "monitoring.monitoringevaluation": "evaluations.monitoring_evaluate",
        "tenancy.onboardingimport": "tenancy.run_onboarding_import",
        "tenancy.exportjob": "tenancy.run_export",
    }
    celery_app.loader.import_default_modules()  # what a worker imports at start-up (every app's tasks module)
    assert all(kind.task in celery_app.tasks for kind in job_kinds())
    assert "evaluations.requeue_waiting" not in celery_app.tasks  # the old per-app sweeps are gone
    stale, beat_every, max_attempts = settings.JOB_STALE_AFTER_SECONDS, 60, settings.JOB_MAX_ATTEMPTS
    assert (stale, settings.JOB_HEARTBEAT_SECONDS, max_attempts) == (120, 30, 3)
    # A worker dead at t beat last at t at the latest: silent past t + stale, seen by the next sweep.
    assert stale + beat_every <= 5 * 60
    # A live worker beats several times within the threshold: a slow step never looks like a death.
    assert stale >= settings.JOB_HEARTBEAT_SECONDS * 3


@pytest.mark.parametrize("kind", KINDS)
def test_a_running_job_whose_worker_went_silent_is_sent_again_and_finished(kind, world):
    job = request_job(kind, world)  # recorded; its task waits for a commit the test transaction never reaches
    fresh, waiting = copy_of(job), copy_of(job)
    now = timezone.now()
    silent = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 1)
    set_row(job, status="running", started=silent, heartbeat=silent, progress=40)
    beating = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS - 5)
    set_row(fresh, status="running", started=silent, heartbeat=beating, progress=40)
    set_row(waiting, heartbeat=None)  # queued a moment ago: its message may still be on the way

    assert sweep(now)[label(kind)] == {"requeued": 1, "failed": 0, "resent": 0}
    for row in (job, fresh, waiting):
        row.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == ("succeeded", 1, 100), (job.message, job.error)
    assert outcome(kind, job) == EXPECTED[kind]
    assert (fresh.status, fresh.attempts, fresh.heartbeat, fresh.progress) == ("running", 0, beating, 40)
    assert (waiting.status, waiting.attempts) == ("queued", 0)
    # Nothing is silent any more: a second sweep sends nothing.
    assert sweep(now)[label(kind)] == IDLE


@pytest.mark.parametrize("kind", KINDS)
def test_a_queued_job_whose_message_was_lost_is_sent_again_without_counting_an_attempt(kind, world):
    job = request_job(kind, world)
    now = timezone.now()
    lost = now - timedelta(seconds=settings.JOB_REQUEUE_QUEUED_AFTER_SECONDS + 1)
    unscoped(type(job)).filter(pk=job.pk).update(created=lost)

    assert sweep(now)[label(kind)] == {"requeued": 0, "failed": 0, "resent": 1}
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("succeeded", 0), (job.message, job.error)
    assert outcome(kind, job) == EXPECTED[kind]


def test_a_job_whose_worker_stopped_max_attempts_times_fails_with_the_reason_and_finished_jobs_stay(world):
    now = timezone.now()
    silent = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 1)
    jobs = {}
    for kind in ("run", "monitoring"):
        job = request_job(kind, world)
        finished = copy_of(job)
        set_row(job, status="running", started=silent, heartbeat=silent, attempts=settings.JOB_MAX_ATTEMPTS - 1)
        set_row(finished, status="succeeded", started=silent, heartbeat=silent, finished=silent, progress=100)
        jobs[kind] = (job, finished)
    for kind in (
        "import",
        "network",
        "onboarding",
        "export",
    ):  # rows of the other kinds, left running before heartbeats existed
        job = request_job(kind, world)
        set_row(job, status="running", started=silent, heartbeat=None, attempts=settings.JOB_MAX_ATTEMPTS - 1)
        jobs[kind] = (job, None)

    with translation.override("en"):
        report = sweep(now)
    for kind in KINDS:
        assert report[label(kind)] == {"requeued": 0, "failed": 1, "resent": 0}
        job, finished = jobs[kind]
        job.refresh_from_db()
        assert (job.status, job.attempts, job.finished) == ("failed", 3, now)
        assert job.message == "The worker running this job stopped 3 times; the job was given up."
        assert outcome(kind, job) == 0
        if finished is not None:
            finished.refresh_from_db()
            assert (finished.status, finished.attempts, finished.finished) == ("succeeded", 0, silent)
    assert all(counts == IDLE for counts in sweep(now).values())


def test_the_reasons_are_translated(world):
    from tenancy.watchdog import requeued_message, stopped_message

    with translation.override("zh-hans"):
        assert stopped_message(3) == "运行此任务的工作进程已停止 3 次，任务已放弃。"
        assert requeued_message(1, 3) == "运行此任务的工作进程已停止，任务已重新排队（第 1 次重启，最多 2 次）。"
