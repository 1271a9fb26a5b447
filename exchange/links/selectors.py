"""Reads and visibility of collaborations between clusters (DESIGN §2, "across clusters").

A collaboration between clusters is read by whoever may read either of its clusters among the bodies that promote
them, the governments whose jurisdiction holds a region of either, and the ministry; experts and visitors read
none. A body thus sees the other side's cluster and member on the collaborations it is party to, nothing more.
"""

from django.db.models import Q

from clusters.models import Cluster
from exchange.links.models import ClusterLink
from tenancy.scoping import InSubquery, unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

Status = ClusterLink.Status


def link_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local or viewer.is_cluster_body:
        clusters = Cluster.objects.values("pk")  # scoped: the clusters this viewer may read
        return Q(InSubquery("source_cluster_id", clusters)) | Q(InSubquery("target_cluster_id", clusters))
    return NOTHING


def visible_links():
    """Collaborations between clusters the viewer may read, with both ends joined, most recently changed first."""
    return ClusterLink.objects.select_related(
        "source_cluster", "target_cluster", "source", "target", "proposed_by_organisation"
    ).order_by("-updated", "-pk")


def link_for_detail():
    return visible_links().select_related("proposed_by", "decided_by")


DIRECTIONS = ("from", "to")


def filter_links(links, *, viewer: Viewer, status="", cluster=None, direction="", kind="", query=""):
    """Filters of the list (page, API and export): status, kind, a cluster (either end), a direction (`from`: the
    collaboration starts in the chosen cluster, or without one in a cluster the viewer promotes; `to`: it ends
    there), and a search on both members' and clusters' names and the credit codes."""
    if status:
        links = links.filter(status=status)
    if kind:
        links = links.filter(kind=kind)
    cluster_id = getattr(cluster, "pk", cluster)
    if cluster_id is not None:
        if direction == "from":
            links = links.filter(source_cluster_id=cluster_id)
        elif direction == "to":
            links = links.filter(target_cluster_id=cluster_id)
        else:
            links = links.filter(Q(source_cluster_id=cluster_id) | Q(target_cluster_id=cluster_id))
    elif direction in DIRECTIONS and viewer.is_cluster_body:
        end = "source_cluster" if direction == "from" else "target_cluster"
        links = links.filter(**{f"{end}__promotion_body_id": viewer.organisation_id})
    query = (query or "").strip()
    if query:
        links = links.filter(
            Q(source__name__icontains=query)
            | Q(target__name__icontains=query)
            | Q(source__credit_code=query.upper())
            | Q(target__credit_code=query.upper())
            | Q(source_cluster__name__icontains=query)
            | Q(target_cluster__name__icontains=query)
        )
    return links


def links_to_confirm(*, organisation_id):
    """Pending collaborations waiting for this body's answer (their other end is one of its clusters), oldest
    first."""
    return (
        ClusterLink.objects.filter(status=Status.PENDING, target_cluster__promotion_body_id=organisation_id)
        .select_related("source_cluster", "source", "target")
        .order_by("created", "pk")
    )


def nameable_clusters():
    """The clusters a body may name as the other end of a collaboration: those of the public register and those it
    may read (its own), by name. The register's names are public; the rest are the viewer's own."""
    from clusters.profiles.selectors import public_register

    register = public_register().values("pk")
    readable = Cluster.objects.values("pk")
    return unscoped(Cluster).filter(Q(pk__in=register) | Q(pk__in=readable)).order_by("name", "pk")
