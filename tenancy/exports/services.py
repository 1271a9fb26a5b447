"""Exports: recorded when asked for (`export_start`, the job queued once the row commits), made by the Celery task
(`export_run`): the list's rows built again as the requesting user, written to a CSV or Excel file."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenancy.scoping import unscoped, viewer_scope
from tenancy.tasks import enqueue
from tenancy.visibility import Viewer

from .files import csv_text, xlsx_bytes
from .models import ExportJob
from .registry import ExportRequest, export_kind

TASK = "tenancy.run_export"
MAX_PARAMETERS = 2000
NOT_PARAMETERS = ("page", "csrfmiddlewaretoken")  # which page is shown is no filter: an export holds every page


def export_parameters(query) -> str:
    """The query string of a list without its page number: what the export filters, searches and sorts by."""
    parameters = query.copy() if isinstance(query, QueryDict) else QueryDict(str(query or ""), mutable=True)
    parameters._mutable = True
    for name in NOT_PARAMETERS:
        parameters.pop(name, None)
    return parameters.urlencode()


def export_start(*, key: str, file_format: str, query="", target=None, by, language=None) -> ExportJob:
    """Record an export of the list `key` as `by` sees it with the query string `query`, and queue it. Runs inside
    `by`'s scope (a request's): a list they may not open is a 404 (or 403) now, before any job exists."""
    kind = export_kind(key)
    if kind is None:
        raise ValidationError({"key": [_("There is no such list to export.")]})
    if file_format not in kind.formats:
        raise ValidationError(
            {
                "file_format": [
                    _("This list can be exported as: %(formats)s.")
                    % {"formats": ", ".join(str(dict(ExportJob.Format.choices)[name]) for name in kind.formats)}
                ]
            }
        )
    if kind.needs_target and target is None:
        raise ValidationError({"target": [_("Say which object's list to export.")]})
    if not kind.needs_target:
        target = None
    parameters = export_parameters(query)
    if len(parameters) > MAX_PARAMETERS:
        raise ValidationError({"query": [_("The filters are too long to export; narrow them.")]})
    if kind.check is not None:
        # Http404 / PermissionDenied, as the list's page answers.
        kind.check(ExportRequest(user=by, GET=QueryDict(parameters), target=target))
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    job = ExportJob.objects.create(
        key=key,
        target=target,
        parameters=parameters,
        file_format=file_format,
        language="en" if language.startswith("en") else "zh-hans",
        organisation_id=Viewer.for_user(by).organisation_id,
        created_by=by,
        message=_("Waiting for a worker…"),
    )
    enqueue(TASK, job.pk)
    return job


def export_run(*, job: ExportJob) -> ExportJob:
    """Build the list again as its requester sees it now and write the file. Idempotent: a finished job is left
    alone; an interrupted one starts again from nothing (the file is written last, in one step)."""
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


def _run(job):
    kind = export_kind(job.key)
    user = job.created_by
    if kind is None or user is None or not user.is_active:
        job.fail(_("This export can no longer be made."))
        return
    job.set_progress(5, _("Reading the rows…"))
    viewer = Viewer.for_user(user)
    try:
        with viewer_scope(viewer):
            if viewer.organisation_id != job.organisation_id:
                raise PermissionDenied
            sheets = [(title, header, list(rows)) for title, header, rows in kind.build(_request(job, user))]
    except (Http404, PermissionDenied):
        job.fail(_("You may no longer see this list."))
        return
    except ValidationError as exc:
        job.fail(" ".join(exc.messages))
        return
    count = len(sheets[0][2]) if sheets else 0  # the list's rows (further sheets add details: a plan's targets)
    job.set_progress(50, ngettext("Writing %(count)d row…", "Writing %(count)d rows…", count) % {"count": count})
    if job.file_format == ExportJob.Format.XLSX:
        data = xlsx_bytes(sheets)
    else:
        _title, header, rows = sheets[0]
        data = csv_text(header, rows).encode("utf-8")
    job.set_progress(90, _("Storing the file…"))
    name = job.file.field.generate_filename(job, f"{uuid.uuid4().hex}.{job.file_format}")
    stored = job.file.storage.save(name, ContentFile(data))
    previous = job.file.name
    unscoped(ExportJob).filter(pk=job.pk).update(file=stored, rows=count)
    job.file.name, job.rows = stored, count
    if previous and previous != stored:
        job.file.storage.delete(previous)
    job.succeed(ngettext("%(count)d row exported.", "%(count)d rows exported.", count) % {"count": count})


def _request(job, user) -> ExportRequest:
    return ExportRequest(user=user, GET=QueryDict(job.parameters), target=job.target)
