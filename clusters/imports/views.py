"""Pages of bulk imports: upload and history, a job's live progress and report, template files."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusters.imports.job import import_job_commit, import_job_commit_refusal, import_job_create
from clusters.imports.selectors import cluster_imports
from clusters.imports.tables import IMPORT_SORTS
from clusters.imports.wording import COLUMNS, template_csv, template_xlsx
from clusters.members.services import last_completed_year
from clusters.models import ImportJob
from clusters.profiles.selectors import visible_clusters
from tenancy.errors import Refusal
from tenancy.forms import add_service_errors

PAGE_SIZE = 25
REPORT_PAGE_SIZE = 100


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8, UTF-8 with BOM, GBK or GB18030) or Excel .xlsx; at most %(size)s MB.")
        % {"size": settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024)},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check every row and report, write nothing"), required=False, initial=True
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the figures"),
        required=False,
        initial=last_completed_year,
        help_text=gettext_lazy(
            "Members files: the year the revenue, employees, R&D spend, patents, designations and flags are for "
            "(default: the last completed year)."
        ),
    )


def _cluster_for_imports(request, pk):
    """The cluster, if the viewer may see its imports (its promotion body, the ministry); anyone else: 404."""
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    if not request.user.has_perm("clusters.view_imports", cluster):
        raise Http404
    return cluster


def _job(request, pk, job_pk):
    cluster = _cluster_for_imports(request, pk)
    return cluster, get_object_or_404(cluster_imports(cluster=cluster).select_related("cluster"), pk=job_pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request, pk):
    cluster = _cluster_for_imports(request, pk)
    can_import = request.user.has_perm("clusters.import_into_cluster", cluster)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            try:
                job = import_job_create(
                    cluster=cluster,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                    year=form.cleaned_data["year"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("cluster-import-detail", cluster.pk, job.pk)
    sorting = IMPORT_SORTS.read(request)
    page = Paginator(sorting.apply(cluster_imports(cluster=cluster)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/imports/import_list.html",
        {
            "cluster": cluster,
            "form": form,
            "page": page,
            "sorting": sorting,
            "can_import": can_import,
            "kinds": [(kind, label, COLUMNS[kind]) for kind, label in ImportJob.Kind.choices],
        },
    )


def _result_context(request, cluster, job):
    report = Paginator(job.report, REPORT_PAGE_SIZE).get_page(request.GET.get("page")) if job.report else None
    return {
        "cluster": cluster,
        "job": job,
        "page": report,
        "status_url": reverse("cluster-import-status", args=[cluster.pk, job.pk]),
        "can_commit": import_job_commit_refusal(job) is None
        and request.user.has_perm("clusters.import_into_cluster", cluster),
    }


@login_required
def import_detail(request, pk, job_pk):
    cluster, job = _job(request, pk, job_pk)
    return render(request, "clusters/imports/import_detail.html", _result_context(request, cluster, job))


@login_required
def import_status(request, pk, job_pk):
    """The progress bar (polled by htmx every second) and, once the job is finished, its result."""
    cluster, job = _job(request, pk, job_pk)
    return render(request, "clusters/imports/_status.html", _result_context(request, cluster, job))


@login_required
@require_POST
def import_commit(request, pk, job_pk):
    """Import for real the file of a clean dry run."""
    cluster, job = _job(request, pk, job_pk)
    if not request.user.has_perm("clusters.import_into_cluster", cluster):
        raise PermissionDenied
    try:
        commit = import_job_commit(job=job, by=request.user)
    except Refusal as exc:
        messages.error(request, exc.message)
        return redirect("cluster-import-detail", cluster.pk, job.pk)
    return redirect("cluster-import-detail", cluster.pk, commit.pk)


TEMPLATE_FORMATS = {
    "csv": (template_csv, "text/csv; charset=utf-8"),
    "xlsx": (template_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@login_required
def import_template(request, kind, file_format):
    """The template file of a kind of import: the Chinese headers and one example row."""
    if kind not in ImportJob.Kind.values or file_format not in TEMPLATE_FORMATS:
        raise Http404
    build, content_type = TEMPLATE_FORMATS[file_format]
    response = HttpResponse(build(kind), content_type=content_type)
    name = f"import-{kind}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
