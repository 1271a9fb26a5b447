"""Beat's periodic entry points of the monitoring evaluation (CELERY_BEAT_SCHEDULE): the yearly evaluation and
the sweep that sends again the task of an evaluation whose message was lost."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from monitoring.evaluation.tasks import monitoring_evaluate
from tenancy.scoping import system_scope

__all__ = ["monitoring_yearly", "requeue_waiting"]


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
