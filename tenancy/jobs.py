"""Long work is a row first: an abstract job with status and progress.

A service creates the row (status *queued*), then queues its Celery task with
`tenancy.tasks.enqueue` (after commit). The task calls `job.start()`,
`job.set_progress()` as it goes, then `job.succeed()`; an expected failure
(bad input) is `job.fail(message)`, a bug is `job.error(traceback)`. Pages show
`includes/job_progress.html`, which polls the job's status URL with htmx.

A running job beats: `start()`, every `set_progress()` and a thread beside the task (`tenancy.watchdog`) write
`heartbeat`; beat's watchdog sends a job whose worker stopped beating again, counting `attempts`.
"""

import time
import traceback

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scoping import unscoped


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        ERRORED = "errored", _("Errored")

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.ERRORED)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    error = models.TextField(_("error details"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # Last sign of life of the worker running the job (or when the watchdog last sent it); see tenancy/watchdog.py.
    heartbeat = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("restarts"), default=0, help_text=_("How many times the job was sent again after its worker stopped.")
    )

    class Meta:
        abstract = True

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    def _update(self, **fields):
        for name, value in fields.items():
            setattr(self, name, value)
        # A plain UPDATE: progress is visible to other connections at once, whatever transaction the task runs in.
        unscoped(type(self)).filter(pk=self.pk).update(**fields)

    def start(self):
        now = timezone.now()
        self._update(status=self.Status.RUNNING, started=now, heartbeat=now, progress=0, error="")

    def set_progress(self, percent, message=""):
        self._update(progress=max(0, min(100, int(percent))), message=str(message)[:500], heartbeat=timezone.now())
        if settings.JOB_PROGRESS_PAUSE_SECONDS:  # demos and the worker-kill tests: every step takes this long
            time.sleep(settings.JOB_PROGRESS_PAUSE_SECONDS)

    def succeed(self, message=""):
        self._update(status=self.Status.SUCCEEDED, progress=100, finished=timezone.now(), message=str(message)[:500])

    def fail(self, message):
        self._update(status=self.Status.FAILED, finished=timezone.now(), message=str(message)[:500])

    def error_out(self, exc):
        self._update(
            status=self.Status.ERRORED,
            finished=timezone.now(),
            message=str(_("An unexpected error stopped the job."))[:500],
            error="".join(traceback.format_exception(exc)),
        )
