"""The Celery entry point of an export: thin, idempotent, late-acknowledged, retried on database hiccups."""

from celery import shared_task
from django.db import OperationalError

from tenancy.scoping import system_scope


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, name="tenancy.run_export"
)
def run_export(self, job_id):
    """Make the file of an export (as its requester sees the list); a finished job is left alone."""
    from .models import ExportJob
    from .services import export_run

    with system_scope():
        job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is not None:
        export_run(job=job)
