"""Beat's periodic entry point of the evaluation runs (CELERY_BEAT_SCHEDULE): the sweep that sends again the task of
a run whose message was lost."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from evaluations.runs.tasks import evaluation_run
from tenancy.scoping import system_scope

__all__ = ["requeue_waiting"]


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
