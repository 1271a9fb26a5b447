"""The Celery entry point of an onboarding file: thin, idempotent, late-acknowledged, retried on database hiccups."""

from celery import shared_task
from django.db import OperationalError

from tenancy.scoping import system_scope


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    name="tenancy.run_onboarding_import",
)
def run_onboarding_import(self, job_id):
    """Check (and unless a dry run, write) an onboarding file; a finished job is left alone."""
    from .models import OnboardingImport
    from .services import onboarding_import_run

    with system_scope():
        job = OnboardingImport.objects.select_related("created_by").filter(pk=job_id).first()
        if job is not None:
            onboarding_import_run(job=job)
