"""Reads and visibility rules of the clusters app (DESIGN §2)."""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q

from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import Cluster, ClusterRegion

# Higher apps grant experts access (e.g. to the clusters of their assigned entries)
# by appending a function Viewer -> Q here from their AppConfig.ready().
EXPERT_CLUSTER_GRANTS: list[Callable[[Viewer], Q]] = []


def in_jurisdiction(prefix: str, cluster_ref: str = "pk") -> Q:
    """Clusters with at least one region in the jurisdiction (a code prefix)."""
    regions = ClusterRegion.objects.filter(cluster_id=OuterRef(cluster_ref), region__code__startswith=prefix)
    return Q(Exists(regions))


def cluster_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local:
        return in_jurisdiction(viewer.jurisdiction_prefix)
    if viewer.is_cluster_body:
        return Q(promotion_body_id=viewer.organisation_id)
    if viewer.is_expert:
        grants = NOTHING
        for grant in EXPERT_CLUSTER_GRANTS:
            grants |= grant(viewer)
        return grants
    return Q(is_public=True, tier__in=Cluster.PUBLIC_TIERS)


def cluster_child_visibility(viewer: Viewer) -> Q:
    """Rows that belong to a cluster are visible with their cluster (the subquery is scoped too)."""
    if viewer.reads_everything:
        return Q()
    if viewer.kind == Viewer.ANONYMOUS:
        return NOTHING  # the public register publishes cluster fields only
    return Q(cluster__in=Cluster.objects.values("pk"))


def visible_clusters():
    """Clusters the current scope's viewer may read."""
    return Cluster.objects.select_related("field", "promotion_body").prefetch_related("regions").order_by("name")


def public_register():
    return visible_clusters().filter(is_public=True, tier__in=Cluster.PUBLIC_TIERS)


def import_job_visibility(viewer: Viewer) -> Q:
    """Imports are the promotion body's working files: seen by it (any role) and by the ministry only."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


def cluster_imports(*, cluster):
    """The cluster's imports the viewer may see, newest first."""
    from .models import ImportJob

    return ImportJob.objects.filter(cluster=cluster).select_related("created_by").order_by("-created", "-pk")
