"""Who sees which invitations: the ministry all of them; an organisation's administrators those into their
organisation and those they sent (a province's administrator, the first administrators of the governments below)."""

from django.db.models import Q

from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import Invitation


def invitation_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.role != "admin":
        return NOTHING
    if viewer.is_national:
        return Q()
    return Q(organisation_id=viewer.organisation_id) | Q(invited_by_id=viewer.user_id)


def invitations_listed():
    """The caller's visible invitations, newest first, with what a list shows."""
    return Invitation.objects.select_related("user", "organisation", "invited_by")
