"""Celery tasks of the monitoring part of the evaluations app: thin, idempotent, late-acknowledged."""

from celery import shared_task
from django.db import OperationalError

from tenancy.scoping import system_scope

__all__ = ["monitoring_evaluate"]


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    name="evaluations.monitoring_evaluate",
)
def monitoring_evaluate(self, evaluation_id):
    """Run a recorded monitoring evaluation. A finished one is left alone; a rerun replaces partial results; a bug
    errors the evaluation with its traceback."""
    from monitoring.evaluation import grading
    from monitoring.models import MonitoringEvaluation

    with system_scope():
        try:
            grading.evaluate(evaluation_id)
        except OperationalError:
            raise  # the database went away: retried with backoff
        except Exception as exc:  # noqa: BLE001 - a bug: record the traceback on the evaluation
            evaluation = MonitoringEvaluation.objects.filter(pk=evaluation_id).first()
            if evaluation is not None:
                evaluation.error_out(exc)
