"""The objections to the public notices as an export (tenancy/exports), for the ministry."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.notice.views import objections_shown
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


def _check(request):
    objections_shown(request)


def objection_sheets(request):
    objections, _form = objections_shown(request)
    header = [_("Objection"), _("Lodged"), _("Notice"), _("By"), _("Entry objected to"), _("Status")]
    rows = (
        (
            objection.pk,
            local_time(objection.created),
            objection.notice.title,
            objection.name,
            objection.submission.cluster.display_name if objection.submission else "",
            objection.get_status_display(),
        )
        for objection in objections
    )
    return [(_("Objections"), header, rows)]


def register():
    register_export("evaluations.objections", gettext_lazy("Objections"), objection_sheets, check=_check)
