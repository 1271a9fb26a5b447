"""A cluster's import history as an export (tenancy/exports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.imports.selectors import cluster_imports
from clusters.imports.tables import IMPORT_SORTS
from clusters.imports.views import _cluster_for_imports
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


def _check(request):
    _cluster_for_imports(request, request.target)


def import_sheets(request):
    cluster = _cluster_for_imports(request, request.target)
    header = [
        _("Uploaded"),
        _("File"),
        _("Kind"),
        _("Mode"),
        _("Status"),
        _("Rows"),
        _("Created"),
        _("Updated"),
        _("By"),
    ]
    rows = (
        (
            local_time(job.created),
            job.original_name,
            job.get_kind_display(),
            _("Dry run") if job.dry_run else _("Import"),
            job.get_status_display(),
            job.rows,
            job.created_rows,
            job.updated_rows,
            job.created_by.username if job.created_by else "",
        )
        for job in IMPORT_SORTS.read(request).apply(cluster_imports(cluster=cluster))
    )
    return [(_("Imports"), header, rows)]


def register():
    register_export("clusters.imports", gettext_lazy("Imports"), import_sheets, check=_check, needs_target=True)
