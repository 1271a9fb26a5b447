"""Reads and visibility rules of cluster profiles (DESIGN §2): who sees which cluster."""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from clusters.models import Cluster, ClusterRegion
from tenancy.scoping import InSubquery, unscoped, viewer_scope
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

# Higher apps grant experts access (e.g. to the clusters of their assigned entries)
# by appending a function Viewer -> Q here from their AppConfig.ready().
EXPERT_CLUSTER_GRANTS: list[Callable[[Viewer], Q]] = []

# Higher apps say how a cluster of the public register became national-level by appending a function QuerySet ->
# QuerySet here from their AppConfig.ready(); it annotates each cluster with `designated_by` and `designated_by_en`
# (the competition whose final result designated it), `designated_year` and `designated_notice` (the notice's id), or
# None for a cluster no competition designated. The register's pages and serializer show them.
REGISTER_ANNOTATIONS: list[Callable[[QuerySet], QuerySet]] = []


def in_jurisdiction(prefix: str, cluster_ref: str = "pk") -> Q:
    """Clusters with at least one region in the jurisdiction (a code prefix). It reads every cluster's regions:
    it is part of the clusters' own visibility rule, which the regions' rule follows."""
    regions = unscoped(ClusterRegion).filter(cluster_id=OuterRef(cluster_ref), region__code__startswith=prefix)
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
    return Q(InSubquery("cluster_id", Cluster.objects.values("pk")))


def cluster_region_visibility(viewer: Viewer) -> Q:
    """A cluster's regions are read with the cluster, by whoever may read it (the public register shows them)."""
    if viewer.reads_everything:
        return Q()
    return Q(InSubquery("cluster_id", Cluster.objects.values("pk")))


def visible_clusters():
    """Clusters the current scope's viewer may read."""
    return Cluster.objects.select_related("field", "promotion_body").prefetch_related("regions").order_by("name")


def public_register():
    """National-level clusters marked public, the same for whoever asks: the query is built as an
    anonymous visitor's (published fields are chosen by the pages and serializers), with how each became
    national-level (REGISTER_ANNOTATIONS)."""
    with viewer_scope(Viewer.anonymous()):
        clusters = visible_clusters().filter(is_public=True, tier__in=Cluster.PUBLIC_TIERS)
        for annotate in REGISTER_ANNOTATIONS:
            clusters = annotate(clusters)
        return clusters


def register_designation(cluster) -> dict | None:
    """How a cluster of the public register became national-level, from REGISTER_ANNOTATIONS: the competition
    (`name`, `name_en`, and `display_name` in the active language), its `year` and the designating `notice`'s id;
    None when no competition designated it."""
    name = getattr(cluster, "designated_by", None)
    if not name:
        return None
    name_en = getattr(cluster, "designated_by_en", "") or ""
    english = (get_language() or "").startswith("en")
    return {
        "name": name,
        "name_en": name_en,
        "display_name": name_en if english and name_en else name,
        "year": getattr(cluster, "designated_year", None),
        "notice": getattr(cluster, "designated_notice", None),
    }
