"""Reads of network analyses: the inputs of a run, the runs of a cluster, their member figures and graph."""

from django.db.models import Q

from clusters.models import Collaboration, Member, NetworkAnalysis
from tenancy.scoping import InSubquery
from tenancy.visibility import Viewer

# Network analysis --------------------------------------------------------------------------------------------------


def members_by(year, prefix=""):
    """Members that had joined by `year` (or whose joining year is unknown); every member for no year. `prefix`
    reaches the member from a related row (`member__`) within the same join, never through `IN (subquery)`, which
    the planner can turn into a nested loop over a large cluster."""
    if year is None:
        return Q()
    return Q(**{f"{prefix}joined_year__isnull": True}) | Q(**{f"{prefix}joined_year__lte": year})


def collaborations_by(year):
    """Collaborations of `year` and before (or without a year) between members that had joined by then."""
    if year is None:
        return Q()
    ends = Q(source__joined_year__isnull=True) | Q(source__joined_year__lte=year)
    ends &= Q(target__joined_year__isnull=True) | Q(target__joined_year__lte=year)
    return ends & (Q(year__isnull=True) | Q(year__lte=year))


def network_inputs(*, cluster_id: int, year: int | None = None):
    """Everything the network analysis reads, as arrays (values_list, no model instances). For a `year`: the
    members that had joined by then, the collaborations of that year and before, and the leading and local flags
    of the members' figures of that year (a member without figures for it is neither leading nor local)."""
    import numpy as np

    from clusters.models import ChainLink, MemberYear
    from clusters.network.analysis import NetworkInputs

    members = Member.objects.filter(members_by(year), cluster_id=cluster_id)
    member_ids = np.fromiter(members.order_by("pk").values_list("pk", flat=True), dtype=np.int64)
    collaborations = Collaboration.objects.filter(collaborations_by(year), cluster_id=cluster_id)
    edges = np.array(list(collaborations.order_by().values_list("source_id", "target_id")), dtype=np.int64).reshape(
        -1, 2
    )
    supply = collaborations.filter(kind=Collaboration.Kind.SUPPLY)
    if year is None:
        supply = list(supply.filter(target__is_leading=True).order_by().values_list("source__is_local", "value"))
    else:
        figures = MemberYear.objects.filter(cluster_id=cluster_id, year=year)
        leading = figures.filter(is_leading=True).values("member_id")
        local = set(figures.filter(is_local=True).values_list("member_id", flat=True))
        supply = [
            (source in local, value)
            for source, value in supply.filter(target__in=leading).order_by().values_list("source_id", "value")
        ]
    links = ChainLink.objects.filter(cluster_id=cluster_id).order_by("position", "pk")
    link_members = np.array(
        list(
            Member.chain_links.through.objects.filter(chainlink__cluster_id=cluster_id, member__cluster_id=cluster_id)
            .filter(members_by(year, prefix="member__"))
            .order_by()
            .values_list("chainlink_id", "member_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    return NetworkInputs(
        member_ids=member_ids,
        sources=edges[:, 0],
        targets=edges[:, 1],
        supply_local=np.array([local for local, _value in supply], dtype=bool),
        supply_value=np.array([np.nan if value is None else float(value) for _local, value in supply], dtype=float),
        chain_links=[list(row) for row in links.values_list("pk", "name", "name_en", "segment")],
        link_members=link_members,
    )


def network_analyses(*, cluster=None):
    """Network analyses the current viewer may see (with their cluster), newest first."""
    from clusters.models import NetworkAnalysis

    analyses = NetworkAnalysis.objects.select_related("created_by").order_by("-created", "-pk")
    return analyses.filter(cluster=cluster) if cluster is not None else analyses


def member_figures(*, analysis):
    """Every member's figures in a (visible) analysis, with the member's name."""
    from clusters.models import MemberFigure

    return MemberFigure.objects.filter(analysis=analysis).select_related("member")


def member_figure_visibility(viewer: Viewer) -> Q:
    """A member's figures are read with their network analysis."""
    if viewer.reads_everything:
        return Q()
    return Q(InSubquery("analysis_id", NetworkAnalysis.objects.values("pk")))
