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
