"""Celery tasks of the run part of the evaluations app: thin, idempotent, acknowledged late (a worker killed mid-run
leaves the message unacknowledged, and the broker delivers it again to the next worker)."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import translation

from tenancy.scoping import system_scope

__all__ = ["evaluation_run"]


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
    """Execute a recorded evaluation run (`execution.execute_run`). A finished run is left alone; a run interrupted
    before starts again from nothing; a bug errors the run with its traceback."""
    from evaluations.models import EvaluationRun
    from evaluations.runs.execution import execute_run

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
