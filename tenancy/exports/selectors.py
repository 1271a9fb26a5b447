"""Who sees an export: its requester alone, while they belong to the organisation they asked from."""

from django.db.models import Q

from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import ExportJob


def export_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.user_id is None:
        return NOTHING
    return Q(created_by_id=viewer.user_id, organisation_id=viewer.organisation_id)


def export_jobs():
    """The caller's exports, newest first."""
    return ExportJob.objects.order_by("-created", "-pk")
