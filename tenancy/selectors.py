"""Reads and visibility rules of the tenancy app (DESIGN §2)."""

from django.db.models import Q

from .visibility import Viewer

NOTHING = Q(pk__in=[])


def membership_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.organisation_id is None:
        return NOTHING
    return Q(organisation_id=viewer.organisation_id)


def expert_profile_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(user_id=viewer.user_id)
    return NOTHING


def region_in_jurisdiction(*, viewer: Viewer, region_code: str) -> bool:
    return bool(viewer.jurisdiction_prefix) and region_code.startswith(viewer.jurisdiction_prefix)
