"""The members of the viewer's organisation as an export (tenancy/exports): the list's search and role filter."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export

from .views import members_shown


def _check(request):
    members_shown(request)


def member_sheets(request):
    members, _query, _role = members_shown(request)
    header = [_("Username"), _("Name"), _("E-mail"), _("Role"), _("Status"), _("Last sign-in")]
    rows = (
        (
            membership.user.username,
            membership.user.get_full_name(),
            membership.user.email,
            membership.get_role_display(),
            _("Active") if membership.is_active else _("Deactivated"),
            local_time(membership.user.last_login),
        )
        for membership in members
    )
    return [(_("Members"), header, rows)]


def register():
    register_export("tenancy.members", gettext_lazy("Members of the organisation"), member_sheets, check=_check)
