"""Onboarding imports: created at upload (the file stored and the job queued once the row commits), run by the
Celery task (read, check, write through the services), committed after a clean dry run."""

import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenancy.errors import Refusal
from tenancy.jobs import StepProgress
from tenancy.scoping import unscoped
from tenancy.spreadsheets import report
from tenancy.spreadsheets.reading import FileRefused, check_upload, read_table
from tenancy.spreadsheets.report import Outcome, start_table
from tenancy.tasks import enqueue
from tenancy.visibility import Viewer

from . import rows as onboarding_rows
from .columns import COLUMNS
from .models import OnboardingImport
from .selectors import kinds_for

logger = logging.getLogger(__name__)
TASK = "tenancy.run_onboarding_import"


def may_onboard(user, kind) -> bool:
    return kind in dict(kinds_for(user))


def onboarding_import_create(*, kind: str, upload, dry_run: bool, by, send_invitations=True, language=None):
    """Check the upload, record the job and, once that commits, store the file and queue the job. Bad files change
    nothing; a creation that rolls back leaves no file behind."""
    if kind not in OnboardingImport.Kind.values:
        raise ValidationError({"kind": [_("Choose organisations or experts.")]})
    if not may_onboard(by, kind):
        raise PermissionDenied(_("You may not do this."))
    try:
        file_format, data = check_upload(upload)
    except FileRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    job = OnboardingImport(
        kind=kind,
        organisation_id=Viewer.for_user(by).organisation_id,
        dry_run=dry_run,
        send_invitations=send_invitations,
        language="en" if language.startswith("en") else "zh-hans",
        original_name=(upload.name or "")[-255:],
        created_by=by,
        message=_("Waiting for a worker…"),
    )
    job.file.name = job.file.field.generate_filename(job, f"{uuid.uuid4().hex}.{file_format}")
    job.save()
    transaction.on_commit(lambda: _store_and_queue(job, data))
    return job


def _store_and_queue(job, data):
    try:
        stored = job.file.storage.save(job.file.name, ContentFile(data))
    except Exception:  # noqa: BLE001 - a full or unreachable storage: the job says so instead of waiting forever
        logger.exception("The file of onboarding import %s could not be stored", job.pk)
        with translation.override(job.language):
            message = _("The uploaded file could not be stored. Upload it again.")
            _record(job, report=[{"row": 1, "column": "", "message": message}])
            job.fail(message)
        return
    if stored != job.file.name:
        _record(job, file=stored)
    enqueue(TASK, job.pk)


def onboarding_import_commit_refusal(job: OnboardingImport) -> Refusal | None:
    """Why the job cannot be imported for real (only a dry run that found no problem can), or None."""
    if job.dry_run and job.status == OnboardingImport.Status.SUCCEEDED:
        return None
    return Refusal(_("Only a dry run that found no problem can be imported."))


def onboarding_import_commit(*, job: OnboardingImport, by) -> OnboardingImport:
    """Import for real the file of a clean dry run: a new job on the same stored file. Two commits of one dry run at
    once: the row lock makes the second wait, then refuse."""
    if not may_onboard(by, job.kind):
        raise PermissionDenied(_("You may not do this."))
    refusal = onboarding_import_commit_refusal(job)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        unscoped(OnboardingImport).select_for_update().filter(pk=job.pk).first()
        if unscoped(OnboardingImport).filter(file=job.file.name, dry_run=False).exists():
            raise Refusal(_("This dry run has already been imported."), code="already_imported")
        commit = OnboardingImport.objects.create(
            kind=job.kind,
            organisation_id=job.organisation_id,
            dry_run=False,
            send_invitations=job.send_invitations,
            language=job.language,
            file=job.file.name,
            original_name=job.original_name,
            created_by=by,
            message=_("Waiting for a worker…"),
        )
        enqueue(TASK, commit.pk)
    return commit


def onboarding_import_run(*, job: OnboardingImport) -> OnboardingImport:
    """Read and check the file, then write its rows through the services (kept unless a dry run or a problem).
    Idempotent: a finished job is left alone; an interrupted one runs again from the start (nothing was kept)."""
    if job.is_finished:
        return job
    job.start()
    try:
        with translation.override(job.language):
            _run(job)
    except OperationalError:
        raise  # the task retries with backoff
    except Exception as exc:  # noqa: BLE001 - a bug: the job shows it, with the traceback kept
        job.error_out(exc)
    return job


def _fail(job, outcome):
    _record(job, rows=outcome.rows, report=outcome.report, created_rows=0)
    message = ngettext(
        "%(problems)s problem found; nothing was written.",
        "%(problems)s problems found; nothing was written.",
        outcome.problems,
    ) % {"problems": outcome.problems}
    if outcome.problems > report.MAX_REPORT:
        message += " " + _("The first %(shown)s are listed.") % {"shown": report.MAX_REPORT}
    job.fail(message)


def _run(job):
    by = job.created_by
    if by is None or not by.is_active or not may_onboard(by, job.kind):
        message = _("Whoever uploaded this file may no longer add these records; nothing was written.")
        _record(job, report=[{"row": 1, "column": "", "message": message}])
        job.fail(message)
        return
    job.set_progress(1, _("Reading the file…"))
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        table = read_table(job.file.name.rsplit(".", 1)[-1].lower(), data, COLUMNS[job.kind])
    except (FileRefused, FileNotFoundError) as exc:
        message = str(exc) if isinstance(exc, FileRefused) else _("The uploaded file is no longer available.")
        _record(job, report=[{"row": 1, "column": "", "message": message}])
        job.fail(message)
        return
    _record(job, source=table.source[:300])
    outcome = Outcome()
    found = start_table(table, COLUMNS[job.kind], outcome, limit=onboarding_rows.ONBOARDING_MAX_ROWS)
    if found is None:
        _fail(job, outcome)
        return
    rows = onboarding_rows.Rows(table, found, outcome)
    job.set_progress(5, _("Checking %(rows)s rows…") % {"rows": outcome.rows})
    onboarding_rows.check(rows, job.kind)
    step = _("Checking %(rows)s rows…") if job.dry_run else _("Writing %(rows)s rows…")
    progress = StepProgress(job, 10, 99, step % {"rows": outcome.rows}, apart=True)
    try:
        written = onboarding_rows.write(rows, job=job, by=by, on_progress=progress)
    finally:
        progress.close()
    if outcome.problems:
        _fail(job, outcome)
        return
    _record(job, rows=outcome.rows, report=[], created_rows=written)
    if job.dry_run:
        job.succeed(
            _("Dry run: all %(rows)s rows are valid; importing would create %(created)s. Nothing was written.")
            % {"rows": outcome.rows, "created": written}
        )
    else:
        job.succeed(_("Imported %(rows)s rows: %(created)s created.") % {"rows": outcome.rows, "created": written})


def _record(job: OnboardingImport, **fields):
    """Store result fields of the job at once (a plain UPDATE, like Job's own status changes)."""
    for name, value in fields.items():
        setattr(job, name, value)
    unscoped(OnboardingImport).filter(pk=job.pk).update(**fields)


@receiver(post_delete, sender=OnboardingImport, dispatch_uid="tenancy.onboarding.delete_file")
def delete_onboarding_file(sender, instance: OnboardingImport, using, **kwargs):
    """A deleted job's file goes once the deletion commits, unless the dry run or the commit still holds it."""
    name, storage = instance.file.name, instance.file.storage
    if not name:
        return

    def delete():
        if not unscoped(OnboardingImport).using(using).filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete, using=using)
