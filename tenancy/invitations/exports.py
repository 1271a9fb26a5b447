"""The invitations list as an export (tenancy/exports), for the administrators who manage invitations."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export

from .views import invitations_shown


def _check(request):
    invitations_shown(request)


def invitation_sheets(request):
    invitations, _status, _query = invitations_shown(request)
    header = [_("Person"), _("Username"), _("E-mail"), _("Organisation"), _("Status"), _("Last sent"), _("Expires")]
    rows = (
        (
            invitation.user.get_full_name() or invitation.user.username,
            invitation.user.username,
            invitation.email,
            str(invitation.organisation) if invitation.organisation else _("Expert pool"),
            invitation.get_status_display(),
            local_time(invitation.sent),
            local_time(invitation.expires),
        )
        for invitation in invitations
    )
    return [(_("Invitations"), header, rows)]


def register():
    register_export("tenancy.invitations", gettext_lazy("Invitations"), invitation_sheets, check=_check)
