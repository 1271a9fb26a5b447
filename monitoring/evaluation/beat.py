"""Beat's periodic entry point of the monitoring evaluation (CELERY_BEAT_SCHEDULE): the yearly evaluation. A lost or
stopped evaluation is sent again by the shared job watchdog (tenancy/watchdog.py)."""

from celery import shared_task

from tenancy.scoping import system_scope

__all__ = ["monitoring_yearly"]


@shared_task(bind=True, acks_late=True, name="evaluations.monitoring_yearly")
def monitoring_yearly(self):
    """Beat's yearly run (CELERY_BEAT_SCHEDULE): the evaluation of the previous year, trigger *scheduled*."""
    from monitoring.evaluation.services import scheduled_evaluation_start

    with system_scope():
        return scheduled_evaluation_start().pk
