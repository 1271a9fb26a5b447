"""Reads of the organisation directory: who manages which organisation, and the directory each viewer reads."""

from django.db.models import Q

from tenancy.models import Organisation
from tenancy.visibility import Viewer


def is_provincial(viewer: Viewer) -> bool:
    return viewer.is_local and len(viewer.jurisdiction_prefix or "") == 2


def may_manage_any(viewer: Viewer) -> bool:
    """The ministry's administrators manage every organisation; a provincial government's, the governments below
    it."""
    return viewer.role == "admin" and (viewer.is_national or is_provincial(viewer))


def may_manage(viewer: Viewer, organisation: Organisation) -> bool:
    """Whether `viewer` may edit, deactivate or reactivate `organisation` (or create it, unsaved)."""
    if not may_manage_any(viewer):
        return False
    if viewer.is_national:
        return True
    region_id = organisation.region_id or ""
    return (
        organisation.kind == Organisation.Kind.LOCAL
        and region_id.startswith(viewer.jurisdiction_prefix)
        and region_id != viewer.region_code
        and organisation.pk != viewer.organisation_id
    )


def managed_filter(viewer: Viewer) -> Q:
    """The organisations `viewer` manages, as a filter (nothing when they manage none)."""
    if not may_manage_any(viewer):
        return Q(pk__in=[])
    if viewer.is_national:
        return Q(pk__isnull=False)  # not Q(): an empty Q drops out of `visible | …`
    return (
        Q(kind=Organisation.Kind.LOCAL, region__code__startswith=viewer.jurisdiction_prefix)
        & ~Q(region_id=viewer.region_code)
        & ~Q(pk=viewer.organisation_id)
    )


def organisations_for(*, user):
    """The directory: active organisations for every signed-in user (an expert reads no promotion bodies, whose
    names would tell a blind reviewer whose entry they read), and the deactivated ones its managers may reactivate."""
    viewer = Viewer.for_user(user)
    queryset = Organisation.objects.select_related("region", "parent")
    if not viewer.user_id:
        return queryset.none()
    visible = Q(is_active=True)
    if may_manage_any(viewer):
        visible |= managed_filter(viewer)
    queryset = queryset.filter(visible)
    if viewer.is_expert:
        queryset = queryset.exclude(kind=Organisation.Kind.CLUSTER_BODY)
    return queryset
