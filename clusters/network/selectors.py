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


GRAPH_MAX_NODES = 2000  # above this a network is drawn aggregated, never sent whole to the browser
GRAPH_MAX_GROUPS = 100  # groups of an aggregated drawing; the smallest are merged into one "other" group


def network_graph(*, analysis, group: str = "community") -> dict:
    """Cytoscape elements of a (visible, succeeded) analysis: every member and edge up to GRAPH_MAX_NODES
    members; above, one node per community or per chain link (`group`), sized by members, edges weighted by the
    number of collaborations between the groups. Members are coloured by their first chain link."""
    import numpy as np

    from clusters.models import ChainLink
    from clusters.network.analysis import aggregate

    rows = list(
        member_figures(analysis=analysis)
        .order_by("member_id")
        .values_list("member_id", "degree", "betweenness", "pagerank", "community")
    )
    figures = np.array(rows, dtype=np.float64).reshape(-1, 5)
    member_ids = figures[:, 0].astype(np.int64)
    links = list(
        ChainLink.objects.filter(cluster_id=analysis.cluster_id)
        .order_by("position", "pk")
        .values_list("pk", "name", "name_en")
    )
    link_rank = {pk: rank for rank, (pk, _name, _name_en) in enumerate(links)}
    primary_link = {}
    for member_id, link_id in (
        Member.chain_links.through.objects.filter(chainlink__cluster_id=analysis.cluster_id)
        .order_by()
        .values_list("member_id", "chainlink_id")
    ):
        if link_id in link_rank and link_rank[link_id] < link_rank.get(primary_link.get(member_id), len(links)):
            primary_link[member_id] = link_id
    edges = np.array(
        list(
            Collaboration.objects.filter(collaborations_by(analysis.year), cluster_id=analysis.cluster_id)
            .order_by()
            .values_list("source_id", "target_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    source, target = np.searchsorted(member_ids, edges[:, 0]), np.searchsorted(member_ids, edges[:, 1])
    n = len(member_ids)
    known = (source < n) & (target < n)
    known[known] &= (member_ids[source[known]] == edges[known, 0]) & (member_ids[target[known]] == edges[known, 1])
    source, target = source[known], target[known]
    chain_links = [{"id": pk, "name": name, "name_en": name_en} for pk, name, name_en in links]
    communities = int(figures[:, 4].max()) + 1 if n else 0

    if n <= GRAPH_MAX_NODES:
        names = dict(Member.objects.filter(pk__in=member_ids.tolist()).values_list("pk", "name"))
        low, high = np.minimum(source, target), np.maximum(source, target)
        keys, counts = np.unique(low * max(n, 1) + high, return_counts=True)
        nodes = [
            {
                "data": {
                    "id": f"m{int(member_id)}",
                    "label": names.get(int(member_id), ""),
                    "degree": int(degree),
                    "betweenness": betweenness,
                    "pagerank": pagerank,
                    "community": int(community),
                    "chain_link": primary_link.get(int(member_id)),
                }
            }
            for member_id, degree, betweenness, pagerank, community in figures.tolist()
        ]
        links_out = [
            {
                "data": {
                    "id": f"e{key}",
                    "source": f"m{member_ids[key // n]}",
                    "target": f"m{member_ids[key % n]}",
                    "weight": count,
                }
            }
            for key, count in zip(keys.tolist(), counts.tolist(), strict=True)
        ]
        return {
            "aggregated": False,
            "group": None,
            "members": n,
            "communities": communities,
            "chain_links": chain_links,
            "nodes": nodes,
            "edges": links_out,
        }

    if group == "chain_link":
        groups = np.array([primary_link.get(int(member_id), 0) for member_id in member_ids], dtype=np.int64)
    else:
        group = "community"
        groups = figures[:, 4].astype(np.int64)
    labels, sizes, group_edges = aggregate(groups, source, target, GRAPH_MAX_GROUPS)
    link_names = {link["id"]: link["name"] for link in chain_links}
    # Each community is named after its member with the highest PageRank.
    leaders = {}
    if group == "community":
        order = np.lexsort((-figures[:, 3], groups))
        first = np.unique(groups[order], return_index=True)[1]
        leader_ids = dict(zip(groups[order][first].tolist(), member_ids[order][first].tolist(), strict=True))
        names = dict(Member.objects.filter(pk__in=list(leader_ids.values())).values_list("pk", "name"))
        leaders = {label: names.get(member_id, "") for label, member_id in leader_ids.items()}
    nodes = []
    for label, size in zip(labels.tolist(), sizes.tolist(), strict=True):
        if label == -1:
            name, kind = "", "other"
        elif group == "community":
            name, kind = leaders.get(label, ""), "community"
        else:
            name, kind = link_names.get(label, ""), "chain_link" if label else "none"
        nodes.append({"data": {"id": f"g{label}", "group": label, "kind": kind, "label": name, "members": size}})
    return {
        "aggregated": True,
        "group": group,
        "members": n,
        "communities": communities,
        "chain_links": chain_links,
        "nodes": nodes,
        "edges": [
            {"data": {"id": f"g{a}-g{b}", "source": f"g{a}", "target": f"g{b}", "weight": weight}}
            for a, b, weight in group_edges
        ],
    }


def member_figure_visibility(viewer: Viewer) -> Q:
    """A member's figures are read with their network analysis."""
    if viewer.reads_everything:
        return Q()
    return Q(InSubquery("analysis_id", NetworkAnalysis.objects.values("pk")))
