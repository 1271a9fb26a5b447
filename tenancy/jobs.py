"""Long work is a row first: an abstract job with status and progress.

A service creates the row (status *queued*), then queues its Celery task with
`tenancy.tasks.enqueue` (after commit). The task calls `job.start()`,
`job.set_progress()` as it goes, then `job.succeed()`; an expected failure
(bad input) is `job.fail(message)`, a bug is `job.error(traceback)`. Pages show
`includes/job_progress.html`, which polls the job's status URL with htmx.

A running job beats: `start()`, every `set_progress()` and a thread beside the task (`tenancy.watchdog`) write
`heartbeat`; beat's watchdog sends a job whose worker stopped beating again, counting `attempts`.
"""

import logging
import time
import traceback

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scoping import unscoped

logger = logging.getLogger(__name__)


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


PROGRESS_SECONDS = 0.5  # at most two progress updates a second (the page polls every second)


class StepProgress:
    """Moves the job's progress bar from `start` to `end` percent as a step goes (`progress(share)`, share 0…1).

    `apart`: through a connection of its own. The write step's transaction shows nothing to other connections until
    it commits, yet its progress must show while it writes; the job's transaction never touches the job row
    before the step ends, so the two never wait for each other. Best effort: a failure stops the updates, not the
    job. (Elsewhere than on PostgreSQL the write step shows no progress.)"""

    def __init__(self, job: Job, start, end, message, *, apart=False):
        self.job, self.start, self.end, self.message = job, start, end, str(message)[:500]
        self.apart, self.connection = apart, None
        self.enabled = not apart or connection.vendor == "postgresql"
        self.shown, self.at = None, 0.0

    def __call__(self, share):
        percent = int(self.start + (self.end - self.start) * min(max(share, 0.0), 1.0))
        now = time.monotonic()
        if not self.enabled or percent == self.shown or now - self.at < PROGRESS_SECONDS:
            return
        self.shown, self.at = percent, now
        if not self.apart:
            self.job.set_progress(percent, self.message)
            return
        try:
            if self.connection is None:
                self.connection = connections.create_connection(self.job._state.db or DEFAULT_DB_ALIAS)
                with self.connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            with self.connection.cursor() as cursor:
                table = self.connection.ops.quote_name(self.job._meta.db_table)
                cursor.execute(
                    f"UPDATE {table} SET progress = %s, message = %s WHERE id = %s",
                    [percent, self.message, self.job.pk],
                )
        except DatabaseError:
            logger.warning(
                "The progress of %s %s could not be stored", self.job._meta.label, self.job.pk, exc_info=True
            )
            self.enabled = False

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
