"""One heartbeat and one watchdog for every kind of job (`tenancy.jobs.Job`).

Each app registers its job models from its AppConfig.ready() with `register_job_kind(model, task_name)`, so
tenancy knows no domain app. Then:

- **Heartbeat.** While a worker runs a registered task, a thread beside it writes the job's `heartbeat` every
  `JOB_HEARTBEAT_SECONDS` (and `Job.start()` / `Job.set_progress()` write it too). A worker killed with SIGKILL,
  out of memory or with its machine stops beating.
- **Watchdog.** Beat runs `tenancy.job_watchdog` every `JOB_WATCHDOG_INTERVAL_SECONDS`. A *running* job whose
  heartbeat is older than `JOB_STALE_AFTER_SECONDS` lost its worker: it goes back to *queued* and its task is sent
  again (the tasks are idempotent: a rerun starts from nothing), counting one more `attempts`; at the
  `JOB_MAX_ATTEMPTS`-th stop it is marked *failed* with the reason. A *queued* job not sent or beaten for
  `JOB_REQUEUE_QUEUED_AFTER_SECONDS` lost its message before it reached a worker: it is sent again (not counted).

The broker still holds the dead worker's unacknowledged message and delivers it again after its visibility timeout;
by then the job is finished and that delivery does nothing.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db import connections
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .scoping import unscoped

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    """A job model and the name of the Celery task that runs one of its rows; `arguments(pk)` are the task's
    arguments (the task's first argument is always the job's primary key)."""

    model: type
    task: str
    arguments: Callable[[int], tuple] = lambda pk: (pk,)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_kinds: dict[str, JobKind] = {}  # by task name


def register_job_kind(model, task: str, arguments: Callable[[int], tuple] | None = None) -> JobKind:
    """Put a job model under the heartbeat and the watchdog; `task` is the registered name of its Celery task."""
    kind = JobKind(model=model, task=task, arguments=arguments or JobKind.arguments)
    _kinds[task] = kind
    return kind


def job_kinds() -> tuple[JobKind, ...]:
    return tuple(_kinds.values())


# Heartbeat ---------------------------------------------------------------------------------------------------------


def beat(model, pk, now=None) -> int:
    """Write the heartbeat of an unfinished job; the number of rows written (0 for a finished or missing job)."""
    Status = model.Status  # noqa: N806 - the model's choices class
    return (
        unscoped(model)
        .filter(pk=pk, status__in=(Status.QUEUED, Status.RUNNING))
        .update(heartbeat=now or timezone.now())
    )


class Heartbeat(threading.Thread):
    """Beats for one job every `interval` seconds until stopped; its own database connection, closed at the end."""

    def __init__(self, model, pk, interval):
        super().__init__(name=f"heartbeat-{model._meta.label_lower}-{pk}", daemon=True)
        self.model, self.pk, self.interval = model, pk, interval
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    beat(self.model, self.pk)
                except Exception:  # noqa: BLE001 - a missed beat is retried at the next one; the task goes on
                    logger.warning("Heartbeat of %s %s failed", self.model._meta.label_lower, self.pk, exc_info=True)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's connections only

    def stop(self):
        self.stopped.set()
        self.join(timeout=self.interval + 5)


_running: dict[str, Heartbeat] = {}  # by Celery task id


def _job_pk(args, kwargs):
    if args:
        return args[0]
    return next(iter(kwargs.values()), None) if kwargs else None


@task_prerun.connect
def _start_heartbeat(sender=None, task_id=None, task=None, args=None, kwargs=None, **extra):
    kind = _kinds.get(getattr(task, "name", None))
    if kind is None or task.request.is_eager:  # run in the caller's process: no worker to lose
        return
    pk = _job_pk(args or (), kwargs or {})
    if pk is None:
        return
    beat(kind.model, pk)
    heartbeat = Heartbeat(kind.model, pk, settings.JOB_HEARTBEAT_SECONDS)
    _running[task_id] = heartbeat
    heartbeat.start()


@task_postrun.connect
def _stop_heartbeat(sender=None, task_id=None, **extra):
    heartbeat = _running.pop(task_id, None)
    if heartbeat is not None:
        heartbeat.stop()


# Watchdog ----------------------------------------------------------------------------------------------------------


def _silent_since(cutoff, *fields):
    """The job's last sign of life (the first of `fields` that is set) is older than `cutoff`."""
    condition = Q()
    for index, name in enumerate(fields):
        unset = {f"{earlier}__isnull": True for earlier in fields[:index]}
        condition |= Q(**unset, **{f"{name}__lt": cutoff})
    return condition


def stopped_message(count):
    return ngettext(
        "The worker running this job stopped %(count)d time; the job was given up.",
        "The worker running this job stopped %(count)d times; the job was given up.",
        count,
    ) % {"count": count}


def requeued_message(count, limit):
    return _("The worker running this job stopped; it was queued again (restart %(count)d of at most %(limit)d).") % {
        "count": count,
        "limit": limit - 1,
    }


def sweep(now=None) -> dict:
    """One pass of the watchdog over every registered kind; per kind label, how many jobs were sent again after
    their worker stopped (`requeued`), given up (`failed`) and sent again after a lost message (`resent`)."""
    now = now or timezone.now()
    stale_cutoff = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    lost_cutoff = now - timedelta(seconds=settings.JOB_REQUEUE_QUEUED_AFTER_SECONDS)
    limit = max(1, settings.JOB_MAX_ATTEMPTS)
    report = {}
    for kind in job_kinds():
        Status = kind.model.Status  # noqa: N806 - the model's choices class
        jobs = unscoped(kind.model)
        counts = {"requeued": 0, "failed": 0, "resent": 0}
        silent = _silent_since(stale_cutoff, "heartbeat", "started", "created")
        for pk, attempts in jobs.filter(silent, status=Status.RUNNING).order_by("pk").values_list("pk", "attempts"):
            # Each change is conditional on the row still being silent with the count read: a worker that beat in
            # between, or a second watchdog, wins.
            claimed = jobs.filter(silent, pk=pk, status=Status.RUNNING, attempts=attempts)
            if attempts + 1 >= limit:
                message = stopped_message(attempts + 1)
                if claimed.update(status=Status.FAILED, finished=now, attempts=F("attempts") + 1, message=message):
                    counts["failed"] += 1
                    logger.warning("Job %s %s failed: %s", kind.label, pk, message)
                continue
            message = requeued_message(attempts + 1, limit)
            if claimed.update(status=Status.QUEUED, heartbeat=now, attempts=F("attempts") + 1, message=message):
                counts["requeued"] += 1
                logger.warning("Job %s %s sent again: its worker stopped", kind.label, pk)
                _send(kind, pk)
        lost = _silent_since(lost_cutoff, "heartbeat", "created")
        for pk in jobs.filter(lost, status=Status.QUEUED).order_by("pk").values_list("pk", flat=True):
            if jobs.filter(lost, pk=pk, status=Status.QUEUED).update(heartbeat=now):
                counts["resent"] += 1
                _send(kind, pk)
        report[kind.label] = counts
    return report


def _send(kind, pk):
    from celery import current_app  # the product's app (config/__init__.py); tenancy.tasks imports this module

    current_app.tasks[kind.task].delay(*kind.arguments(pk))
