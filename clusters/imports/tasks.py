"""The Celery entry point of a bulk import: thin, idempotent, late-acknowledged, retried on database hiccups."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import translation

from tenancy.scoping import system_scope


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, name="clusters.run_import"
)
def run_import(self, job_id, language=None):
    """Validate (and unless a dry run, write) a bulk import; a finished job is left alone."""
    from clusters.imports.job import import_job_run
    from clusters.models import ImportJob

    with system_scope(), translation.override(language or settings.LANGUAGE_CODE):
        job = ImportJob.objects.select_related("cluster").filter(pk=job_id).first()
        if job is not None:
            import_job_run(job=job)
