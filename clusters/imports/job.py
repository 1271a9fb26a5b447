"""The `ImportJob` row: created at upload (the file stored and the task queued once the row commits),
run by the Celery task (read, validate, write) with its progress, committed after a dry run."""

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

from clusters.imports import validation
from clusters.imports.storage import WRITERS, WRITTEN_MODELS
from clusters.imports.validation import VALIDATORS
from clusters.imports.wording import COLUMNS
from clusters.members.registry import credit_code_notes
from clusters.members.services import last_completed_year
from clusters.models import Cluster, ImportJob
from tenancy.errors import Refusal
from tenancy.jobs import StepProgress
from tenancy.scoping import unscoped, viewer_scope
from tenancy.spreadsheets import report
from tenancy.spreadsheets.reading import FileRefused, check_upload, read_table
from tenancy.statistics import refresh_statistics
from tenancy.tasks import task_named
from tenancy.validators import FIGURE_YEARS, YearRange
from tenancy.visibility import Viewer

logger = logging.getLogger(__name__)

# Services -----------------------------------------------------------------------------------------------------------


def import_job_create(*, cluster: Cluster, kind: str, upload, dry_run: bool, by, year=None) -> ImportJob:
    """Check the upload, record the job, and once that commits store the file and queue the job. Bad files change
    nothing, and a creation that rolls back leaves no file behind. A members file is for a `year` (default: the
    last completed year): its figures become the members' figures of that year."""
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": [_("Choose members or collaborations.")]})
    if kind == ImportJob.Kind.MEMBERS:
        year = last_completed_year() if year is None else year
        try:
            YearRange(*FIGURE_YEARS)(year)
        except ValidationError as exc:
            raise ValidationError({"year": exc.messages}) from None
    else:
        year = None
    try:
        file_format, data = check_upload(upload)
    except FileRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    job = ImportJob(
        cluster=cluster,
        kind=kind,
        year=year,
        dry_run=dry_run,
        original_name=(upload.name or "")[-255:],
        created_by=by,
        message=_("Waiting for a worker…"),
    )
    job.file.name = job.file.field.generate_filename(job, f"{uuid.uuid4().hex}.{file_format}")
    job.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _store_and_queue(job, data, "clusters.run_import", language))
    return job


def _store_and_queue(job: ImportJob, data: bytes, task: str, language):
    """After the job's row commits: store its file under the name the row holds, then queue it."""
    try:
        stored = job.file.storage.save(job.file.name, ContentFile(data))
    except Exception:  # noqa: BLE001 - a full or unreachable storage: the job says so instead of waiting forever
        logger.exception("The file of import %s could not be stored", job.pk)
        with translation.override(language):
            message = _("The uploaded file could not be stored. Upload it again.")
            _record(job, report=[{"row": 1, "column": "", "message": message}])
            job.fail(message)
        return
    if stored != job.file.name:
        _record(job, file=stored)
    task_named(task).delay(job.pk, language)


def import_job_commit_refusal(job: ImportJob) -> Refusal | None:
    """Why the job cannot be imported for real (only a dry run that found no problem can), or None; the job's page
    offers the step only when this lets it through."""
    if job.dry_run and job.status == ImportJob.Status.SUCCEEDED:
        return None
    return Refusal(_("Only a dry run that found no problem can be imported."))


def import_job_commit(*, job: ImportJob, by) -> ImportJob:
    """Import for real the file of a successful dry run (a new job on the same stored file), by someone who still
    imports into its cluster."""
    if not by.has_perm("clusters.import_into_cluster", job.cluster):
        raise PermissionDenied(_("You may not do this."))
    refusal = import_job_commit_refusal(job)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        # Two commits of the same dry run at once: the row lock makes the second wait, then see the first's commit.
        unscoped(ImportJob).select_for_update().filter(pk=job.pk).first()
        if unscoped(ImportJob).filter(file=job.file.name, dry_run=False).exists():
            raise Refusal(_("This dry run has already been imported."), code="already_imported")
        return _create_commit(job, by)


def _create_commit(job, by):
    commit = ImportJob.objects.create(
        cluster=job.cluster,
        kind=job.kind,
        year=job.year,
        dry_run=False,
        file=job.file.name,
        original_name=job.original_name,
        created_by=by,
        message=_("Waiting for a worker…"),
    )
    run_import_later(commit, "clusters.run_import")
    return commit


def _write_member_years(job, outcome):
    """The imported members' figures become their figures of the job's year (jobs from before years: the last
    completed year)."""
    from clusters.members.services import member_years_import

    code_at = validation.MEMBER_FIELDS.index("credit_code")
    member_years_import(
        cluster=job.cluster,
        year=job.year or last_completed_year(),
        credit_codes=[record[code_at] for record in outcome.records],
        fields=outcome.fields,
        by=job.created_by,
    )


def _credit_code_notes(job, table, outcome) -> list[dict]:
    """{row, column, message} of the rows of a valid members file whose credit code members of other clusters hold
    (clusters.members.registry), worded as the uploader may read it: proposals to link the same enterprise, never
    problems."""
    if job.kind != ImportJob.Kind.MEMBERS or outcome.problems:
        return []
    code_at = validation.MEMBER_FIELDS.index("credit_code")
    codes = [record[code_at] for record in outcome.records]
    with viewer_scope(Viewer.for_user(job.created_by)):
        notes = credit_code_notes(cluster=job.cluster, codes=codes)
    if not notes:
        return []
    column = next(column.display for column in COLUMNS[job.kind] if column.key == "credit_code")
    found = []
    for index, code in enumerate(codes):
        for message in notes.get(code, ()):
            if len(found) >= report.max_report():
                return found
            found.append({"row": table.numbers[index], "column": column, "message": message})
    return found


def _notes_sentence(notes) -> str:
    if not notes:
        return ""
    return " " + ngettext(
        "%(rows)s row has a credit code that members of other clusters hold (see the notes).",
        "%(rows)s rows have a credit code that members of other clusters hold (see the notes).",
        len(notes),
    ) % {"rows": len(notes)}


def run_import_later(job, task: str):
    from tenancy.tasks import enqueue

    enqueue(task, job.pk, translation.get_language() or settings.LANGUAGE_CODE)


@receiver(post_delete, sender=ImportJob, dispatch_uid="clusters.imports.delete_import_file")
def delete_import_file(sender, instance: ImportJob, using, **kwargs):
    """A deleted import's file goes once the deletion commits, unless another import (the dry run of a commit, or the
    commit of a dry run) still holds it."""
    name, storage = instance.file.name, instance.file.storage
    if not name:
        return

    def delete():
        if not unscoped(ImportJob).using(using).filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete, using=using)


def _record(job: ImportJob, **fields):
    """Store result fields of the job at once (a plain UPDATE, like Job's own status changes)."""
    for name, value in fields.items():
        setattr(job, name, value)
    unscoped(ImportJob).filter(pk=job.pk).update(**fields)


def import_job_run(*, job: ImportJob, method=None) -> ImportJob:
    """Validate the job's file, then (no problem, not a dry run) write every row in one transaction.

    Idempotent: a finished job is left alone; a job interrupted before its commit runs again from the start."""
    if job.is_finished:
        return job
    job.start()
    try:
        _run(job, method)
    except OperationalError:
        raise  # the task retries with backoff
    except Exception as exc:  # noqa: BLE001 - a bug: the job shows it, with the traceback kept
        job.error_out(exc)
    return job


def _run(job: ImportJob, method):
    if job.created_by_id is not None and not job.created_by.has_perm("clusters.import_into_cluster", job.cluster):
        # Between the upload and the worker the ministry may have given the cluster to another promotion body.
        message = _("Whoever uploaded this file no longer imports into this cluster; nothing was written.")
        _record(job, report=[{"row": 1, "column": "", "message": message}])
        job.fail(message)
        return
    job.set_progress(1, _("Reading the file…"))
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        file_format = job.file.name.rsplit(".", 1)[-1].lower()
        table = read_table(file_format, data, COLUMNS[job.kind])
    except (FileRefused, FileNotFoundError) as exc:
        message = str(exc) if isinstance(exc, FileRefused) else _("The uploaded file is no longer available.")
        _record(job, report=[{"row": 1, "column": "", "message": message}])
        job.fail(message)
        return
    _record(job, source=table.source[:300])
    job.set_progress(5, _("Checking %(rows)s rows…") % {"rows": len(table.rows)})
    outcome = VALIDATORS[job.kind](
        table, cluster=job.cluster, on_progress=StepProgress(job, 5, 30, _("Checking rows…"))
    )
    notes = _credit_code_notes(job, table, outcome)
    del table  # the cells are no longer needed while writing
    if outcome.problems:
        _record(job, rows=outcome.rows, report=outcome.report, created_rows=0, updated_rows=0)
        message = ngettext(
            "%(problems)s problem found; nothing was written.",
            "%(problems)s problems found; nothing was written.",
            outcome.problems,
        ) % {"problems": outcome.problems}
        if outcome.problems > report.MAX_REPORT:
            message += " " + _("The first %(shown)s are listed.") % {"shown": report.MAX_REPORT}
        job.fail(message)
        return
    if job.dry_run:
        _record(
            job,
            rows=outcome.rows,
            report=[],
            notes=notes,
            created_rows=outcome.to_create,
            updated_rows=outcome.to_update,
        )
        job.succeed(
            _(
                "Dry run: all %(rows)s rows are valid; importing would create %(created)s and update %(updated)s. "
                "Nothing was written."
            )
            % {"rows": outcome.rows, "created": outcome.to_create, "updated": outcome.to_update}
            + _notes_sentence(notes)
        )
        return
    writing = _("Writing %(rows)s rows…") % {"rows": outcome.rows}
    job.set_progress(30, writing)
    progress = StepProgress(job, 30, 99, writing, apart=True)
    try:
        with transaction.atomic():
            created, updated = WRITERS[job.kind](
                cluster=job.cluster, outcome=outcome, method=method, on_progress=progress
            )
            if job.kind == ImportJob.Kind.MEMBERS:
                _write_member_years(job, outcome)
            _record(job, rows=outcome.rows, report=[], notes=notes, created_rows=created, updated_rows=updated)
            job.succeed(
                _("Imported %(rows)s rows: %(created)s created, %(updated)s updated.")
                % {
                    "rows": outcome.rows,
                    "created": created,
                    "updated": updated,
                }
                + _notes_sentence(notes)
            )
    finally:
        progress.close()
    # Committed: a bulk write can change a table's size many times over, and the planner goes by its statistics.
    refresh_statistics(*WRITTEN_MODELS[job.kind])
