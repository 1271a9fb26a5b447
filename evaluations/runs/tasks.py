"""Celery tasks of the run part of the evaluations app: thin, idempotent, acknowledged late (a worker killed mid-run
leaves the message unacknowledged, and the broker delivers it again to the next worker)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone, translation

from tenancy.scoping import system_scope

__all__ = ["evaluation_run", "requeue_waiting"]


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    name="evaluations.evaluation_run",
)
def evaluation_run(self, run_id, language=None):
    """Execute a recorded evaluation run (`scoring.execute_run`). A finished run is left alone; a run interrupted
    before starts again from nothing; a bug errors the run with its traceback."""
    from evaluations.models import EvaluationRun
    from evaluations.runs.scoring import execute_run

    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            execute_run(run_id)
        except OperationalError:
            raise  # the database went away: retried with backoff, the rerun starts from nothing
        except Exception as exc:  # noqa: BLE001 - a bug: record the traceback on the run, not only in the log
            with system_scope():
                run = EvaluationRun._base_manager.filter(pk=run_id).first()
                if run is not None and not run.is_finished:
                    run.error_out(exc)


@shared_task(bind=True, acks_late=True, name="evaluations.requeue_waiting")
def requeue_waiting(self, now=None):
    """Beat's sweep: a run is recorded before its task is sent (after the recording transaction commits). If the
    message never reached a worker (broker unreachable at that instant, or lost with a broker restart), the run would
    wait as *queued* for ever: every `EVALUATION_REQUEUE_INTERVAL_SECONDS` the task is sent again for each run still
    queued `EVALUATION_REQUEUE_AFTER_SECONDS` after it was recorded. The task is idempotent (it locks its row and
    leaves a finished one alone), so a second message for a run whose first one was only slow does nothing."""
    from evaluations.models import EvaluationRun

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.EVALUATION_REQUEUE_AFTER_SECONDS)
    with system_scope():
        runs = list(
            EvaluationRun.objects.filter(status=EvaluationRun.Status.QUEUED, created__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for pk in runs:
        evaluation_run.delay(pk)
    return {"evaluation_runs": len(runs)}
