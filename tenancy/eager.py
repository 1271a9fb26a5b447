"""The Celery task class of the product (config/celery.py): how a task retries when it runs in the request that
queued it, as `make run` runs every task (no REDIS_URL: eager mode, no worker).

Celery's eager mode ignores a retry's countdown and, since the product propagates eager errors, raises `Retry` into
the request after that request's transaction committed: two imports at once on SQLite answered 500 and left their
jobs *running*, with no worker to finish them and no watchdog to notice. Here an eager retry runs the task again in
place, as Celery does when eager errors do not propagate; one caused by a locked database first waits its countdown
(at most EAGER_RETRY_MAX_WAIT seconds), as a worker's would. A job whose task still finds the database locked after
its last retry is failed with the reason, never left running; the error still rises to the request, which answers
409 "busy, try again" (tenancy.middleware.DatabaseBusyMiddleware)."""

import time
from datetime import datetime

from celery import Task as CeleryTask
from celery.exceptions import Retry
from django.db import OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

EAGER_RETRY_MAX_WAIT = 10.0
FAIL_ATTEMPTS = 6


def retry_wait(when) -> float:
    """Seconds until a retry is due: `when` is a countdown or an ETA."""
    if isinstance(when, datetime):
        return max(0.0, (when - timezone.now()).total_seconds())
    return max(0.0, float(when or 0))


def database_locked(exc) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class Task(CeleryTask):
    def apply(self, args=None, kwargs=None, **options):
        retries = options.pop("retries", None) or 0
        while True:
            try:
                return super().apply(args, kwargs, retries=retries, **options)
            except Retry as retry:
                if retry.sig is None:
                    raise
                if database_locked(retry.exc):  # another writer holds the lock: give it time, as a worker would
                    time.sleep(min(retry_wait(retry.when), EAGER_RETRY_MAX_WAIT))
                retries += 1
            except OperationalError as exc:
                if database_locked(exc):
                    fail_unfinished_job(self.name, args, kwargs)
                raise


def fail_unfinished_job(task_name, args, kwargs):
    """Fail the job the task was running (a registered job kind's task: its first argument is the job's key)."""
    from tenancy.scoping import unscoped
    from tenancy.watchdog import job_kinds

    kind = next((kind for kind in job_kinds() if kind.task == task_name), None)
    pk = args[0] if args else None
    if kind is None or pk is None:
        return
    for attempt in range(FAIL_ATTEMPTS):  # the failure is a write too, behind the same lock
        try:
            job = unscoped(kind.model).filter(pk=pk).first()
            if job is not None and not job.is_finished:
                job.fail(_("The database stayed busy, so the job stopped. Start it again."))
            return
        except OperationalError as exc:
            if not database_locked(exc) or attempt == FAIL_ATTEMPTS - 1:
                raise
            time.sleep(0.5 * 2**attempt)
