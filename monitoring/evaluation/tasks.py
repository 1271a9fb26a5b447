"""Celery tasks of the monitoring part of the evaluations app: thin, idempotent, late-acknowledged."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from tenancy.scoping import system_scope

__all__ = ["monitoring_evaluate", "monitoring_yearly", "requeue_waiting"]


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


@shared_task(bind=True, acks_late=True, name="evaluations.monitoring_yearly")
def monitoring_yearly(self):
    """Beat's yearly run (CELERY_BEAT_SCHEDULE): the evaluation of the previous year, trigger *scheduled*."""
    from monitoring.evaluation.services import scheduled_evaluation_start

    with system_scope():
        return scheduled_evaluation_start().pk


@shared_task(bind=True, acks_late=True, name="monitoring.requeue_waiting")
def requeue_waiting(self, now=None):
    """Beat's sweep: an evaluation is recorded before its task is sent. One still *queued*
    `EVALUATION_REQUEUE_AFTER_SECONDS` after it was recorded lost its message: its task is sent again (the task is
    idempotent, so a second message for an evaluation whose first one was only slow does nothing)."""
    from monitoring.models import MonitoringEvaluation

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.EVALUATION_REQUEUE_AFTER_SECONDS)
    with system_scope():
        evaluations = list(
            MonitoringEvaluation.objects.filter(status=MonitoringEvaluation.Status.QUEUED, created__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for pk in evaluations:
        monitoring_evaluate.delay(pk)
    return {"monitoring_evaluations": len(evaluations)}
