"""Pages of bulk onboarding: upload and history, a job's live progress and report, the template files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.paging import CappedPaginator

from .columns import COLUMNS, TEMPLATE_FORMATS
from .forms import OnboardingForm
from .models import OnboardingImport
from .selectors import kinds_for, onboarding_imports
from .services import onboarding_import_commit, onboarding_import_commit_refusal, onboarding_import_create
from .tables import ONBOARDING_SORTS

PAGE_SIZE = 25
REPORT_PAGE_SIZE = 100


def _kinds(request):
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    return kinds


def onboardings_shown(request):
    """The onboarding files the requester sees, in the request's sort (every page; the export reads it too)."""
    _kinds(request)
    return ONBOARDING_SORTS.read(request).apply(onboarding_imports())


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_list(request):
    kinds = _kinds(request)
    initial = {"kind": request.GET.get("kind"), "dry_run": True, "send_invitations": True}
    form = OnboardingForm(request.POST or None, request.FILES or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job = onboarding_import_create(
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                send_invitations=form.cleaned_data["send_invitations"],
                language=request.LANGUAGE_CODE,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("onboarding-detail", job.pk)
    number = request.GET.get("page")
    page = CappedPaginator(onboardings_shown(request), PAGE_SIZE, number=number).get_page(number)
    return render(
        request,
        "tenancy/onboarding/list.html",
        {
            "form": form,
            "page": page,
            "sorting": ONBOARDING_SORTS.read(request),
            "kinds": [(kind, label, COLUMNS[kind]) for kind, label in kinds],
        },
    )


def _job(request, pk):
    _kinds(request)
    return get_object_or_404(onboarding_imports(), pk=pk)


def _result_context(request, job):
    report = Paginator(job.report, REPORT_PAGE_SIZE).get_page(request.GET.get("page")) if job.report else None
    return {
        "job": job,
        "page": report,
        "status_url": reverse("onboarding-status", args=[job.pk]),
        "can_commit": onboarding_import_commit_refusal(job) is None and job.kind in dict(kinds_for(request.user)),
    }


@login_required
def onboarding_detail(request, pk):
    job = _job(request, pk)
    return render(request, "tenancy/onboarding/detail.html", _result_context(request, job))


@login_required
def onboarding_status(request, pk):
    """The progress bar (polled by htmx every second) and, once the job is finished, its result."""
    job = _job(request, pk)
    return render(request, "tenancy/onboarding/_status.html", _result_context(request, job))


@login_required
@require_POST
def onboarding_commit(request, pk):
    """Import for real the file of a clean dry run."""
    job = _job(request, pk)
    try:
        commit = onboarding_import_commit(job=job, by=request.user)
    except Refusal as exc:
        messages.error(request, exc.message)
        return redirect("onboarding-detail", job.pk)
    return redirect("onboarding-detail", commit.pk)


@login_required
def onboarding_template(request, kind, file_format):
    """The template file of a kind of onboarding file: the Chinese headers and one example row."""
    if kind not in OnboardingImport.Kind.values or file_format not in TEMPLATE_FORMATS:
        raise Http404
    _kinds(request)
    build, content_type = TEMPLATE_FORMATS[file_format]
    response = HttpResponse(build(kind), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="onboarding-{kind}.{file_format}"'
    return response
