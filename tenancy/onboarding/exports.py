"""The onboarding history as an export (tenancy/exports): the files the requester's page lists, in its sort."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export

from .views import onboardings_shown


def _check(request):
    onboardings_shown(request)  # 403 for who may onboard nothing


def onboarding_sheets(request):
    header = [_("Uploaded"), _("File"), _("Kind"), _("Mode"), _("Status"), _("Rows"), _("Created"), _("By")]
    rows = (
        (
            local_time(job.created),
            job.original_name,
            job.get_kind_display(),
            _("Dry run") if job.dry_run else _("Import"),
            job.get_status_display(),
            job.rows,
            job.created_rows,
            job.created_by.username if job.created_by else "",
        )
        for job in onboardings_shown(request).defer("report")
    )
    return [(_("History of onboarding files"), header, rows)]


def register():
    register_export("tenancy.onboarding", gettext_lazy("History of onboarding files"), onboarding_sheets, check=_check)
