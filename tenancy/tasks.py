"""Celery entry points of the tenancy app, and the helper every app queues with."""

from celery import shared_task
from django.db import transaction

from .scoping import system_scope


def task_named(name: str):
    """The registered Celery task called `name`. A service queues its task by name, so the service never imports
    the tasks module that calls it back (the tasks modules are imported by their apps' `ready`)."""
    from celery import current_app

    return current_app.tasks[name]


def enqueue(task, *args, **kwargs):
    """Queue `task` (a task or a task's name) once the current transaction commits, so a worker never
    reads a row that is not there yet."""
    transaction.on_commit(lambda: (task_named(task) if isinstance(task, str) else task).delay(*args, **kwargs))


@shared_task(bind=True, name="tenancy.census")
def census(self):
    """Count the tenants: a light task for checking that workers reach the database."""
    from .models import Membership, Organisation

    with system_scope():
        return {
            "organisations": Organisation.objects.count(),
            "memberships": Membership.objects.count(),
            "worker": self.request.hostname,
        }


@shared_task(bind=True, acks_late=True, name="tenancy.job_watchdog")
def job_watchdog(self, now=None):
    """Beat's watchdog over every registered kind of job (`tenancy.watchdog.sweep`): jobs whose worker stopped are
    sent again, or failed after `JOB_MAX_ATTEMPTS` stops; jobs whose message was lost are sent again."""
    from .watchdog import sweep

    return sweep(now)


# Mail (tenancy/mail): retried with backoff; a mail already sent is never sent again, so a retry is safe.
MAIL_RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(bind=True, acks_late=True, name="tenancy.mail_notifications", **MAIL_RETRY)
def mail_notifications(self, notification_ids):
    """Mail these notifications to the members of their organisations who want them mailed."""
    from .mail.services import mails_deliver, notification_mails_create

    with system_scope():
        return mails_deliver(mail_ids=notification_mails_create(notification_ids=notification_ids))


@shared_task(bind=True, acks_late=True, name="tenancy.mail_deliver", **MAIL_RETRY)
def mail_deliver(self, mail_ids):
    """Send the queued mails among `mail_ids` (reminders')."""
    from .mail.services import mails_deliver

    with system_scope():
        return mails_deliver(mail_ids=mail_ids)


@shared_task(bind=True, acks_late=True, name="tenancy.reminders_daily")
def reminders_daily(self, now=None):
    """Beat's daily deadline reminders (tenancy/mail/reminders.py); `now` (ISO 8601) for a run as of another time."""
    from django.utils.dateparse import parse_datetime

    from .mail.reminders import reminders_send

    with system_scope():
        return reminders_send(now=parse_datetime(now) if now else None)
