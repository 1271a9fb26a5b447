"""Beat's sweep of the evaluations app: an evaluation run or a monitoring evaluation is recorded before its task is
sent (after the recording transaction commits). If the message never reaches a worker — the broker was unreachable
at that instant, or it was lost with a broker restart — the row would wait as *queued* for ever. Every
`EVALUATION_REQUEUE_INTERVAL_SECONDS` this task sends the task again for each row still queued
`EVALUATION_REQUEUE_AFTER_SECONDS` after it was recorded. Both tasks are idempotent (they lock their row and leave
a finished one alone), so a second message for a row whose first one was only slow does nothing."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from tenancy.scoping import system_scope

__all__ = ["requeue_waiting"]


@shared_task(bind=True, acks_late=True, name="evaluations.requeue_waiting")
def requeue_waiting(self, now=None):
    """Send again the task of every evaluation run and monitoring evaluation queued for too long; returns the
    numbers sent, by kind."""
    from evaluations.models import EvaluationRun
    from evaluations.runs.tasks import evaluation_run
    from monitoring.evaluation.tasks import monitoring_evaluate
    from monitoring.models import MonitoringEvaluation

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.EVALUATION_REQUEUE_AFTER_SECONDS)
    with system_scope():
        runs = list(
            EvaluationRun.objects.filter(status=EvaluationRun.Status.QUEUED, created__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        evaluations = list(
            MonitoringEvaluation.objects.filter(status=MonitoringEvaluation.Status.QUEUED, created__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for pk in runs:
        evaluation_run.delay(pk)
    for pk in evaluations:
        monitoring_evaluate.delay(pk)
    return {"evaluation_runs": len(runs), "monitoring_evaluations": len(evaluations)}
