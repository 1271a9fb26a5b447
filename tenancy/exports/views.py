"""Pages of exports: start one from a list (POST), the job's live progress and its file, and "My exports"."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tenancy.filters import read_id
from tenancy.paging import CappedPaginator

from .selectors import export_jobs
from .services import export_start
from .tables import EXPORT_JOB_SORTS

PAGE_SIZE = 25


@login_required
def export_list(request):
    sorting = EXPORT_JOB_SORTS.read(request)
    number = request.GET.get("page")
    page = CappedPaginator(sorting.apply(export_jobs()), PAGE_SIZE, number=number).get_page(number)
    return render(request, "tenancy/exports/list.html", {"page": page, "sorting": sorting})


@login_required
@require_POST
def export_new(request):
    """Start an export of a list (the buttons of includes/export_buttons.html) and land on its job page."""
    try:
        job = export_start(
            key=request.POST.get("key", ""),
            file_format=request.POST.get("file_format", ""),
            query=request.POST.get("query", ""),
            target=read_id(request.POST.get("target") or None),
            by=request.user,
            language=request.LANGUAGE_CODE,
        )
    except ValidationError as exc:
        return render(request, "400.html", {"message": " ".join(exc.messages)}, status=400)
    return redirect("export-detail", job.pk)


def _context(job):
    return {"job": job, "status_url": reverse("export-status", args=[job.pk])}


@login_required
def export_detail(request, pk):
    job = get_object_or_404(export_jobs(), pk=pk)
    return render(request, "tenancy/exports/detail.html", _context(job))


@login_required
def export_status(request, pk):
    """The progress bar (polled by htmx every second) and, once the job is finished, its result."""
    job = get_object_or_404(export_jobs(), pk=pk)
    return render(request, "tenancy/exports/_status.html", _context(job))


@login_required
def export_file(request, pk):
    job = get_object_or_404(export_jobs(), pk=pk)
    if job.status != job.Status.SUCCEEDED or not job.file:
        raise Http404
    return download(job)


def download(job):
    """The export's file as an attachment (the page and the API)."""
    from .files import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = XLSX_CONTENT_TYPE if job.file_format == "xlsx" else CSV_CONTENT_TYPE
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
