"""Reads and visibility rules of the clusters app (DESIGN §2)."""

from collections.abc import Callable

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from tenancy.scoping import InSubquery, unscoped, viewer_scope
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import Cluster, ClusterRegion, Collaboration, Member, NetworkAnalysis

# Higher apps grant experts access (e.g. to the clusters of their assigned entries)
# by appending a function Viewer -> Q here from their AppConfig.ready().
EXPERT_CLUSTER_GRANTS: list[Callable[[Viewer], Q]] = []


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


def member_figure_visibility(viewer: Viewer) -> Q:
    """A member's figures are read with their network analysis."""
    if viewer.reads_everything:
        return Q()
    return Q(InSubquery("analysis_id", NetworkAnalysis.objects.values("pk")))


def visible_clusters():
    """Clusters the current scope's viewer may read."""
    return Cluster.objects.select_related("field", "promotion_body").prefetch_related("regions").order_by("name")


def public_register():
    """National-level clusters marked public, the same for whoever asks: the query is built as an
    anonymous visitor's (published fields are chosen by the pages and serializers)."""
    with viewer_scope(Viewer.anonymous()):
        return visible_clusters().filter(is_public=True, tier__in=Cluster.PUBLIC_TIERS)
    return visible_clusters().filter(is_public=True, tier__in=Cluster.PUBLIC_TIERS)


# Network analysis --------------------------------------------------------------------------------------------------


def network_inputs(*, cluster_id: int):
    """Everything the network analysis reads, as arrays (values_list, no model instances)."""
    import numpy as np

    from .models import ChainLink, Collaboration, Member
    from .network import NetworkInputs

    member_ids = np.fromiter(
        Member.objects.filter(cluster_id=cluster_id).order_by("pk").values_list("pk", flat=True), dtype=np.int64
    )
    edges = np.array(
        list(Collaboration.objects.filter(cluster_id=cluster_id).order_by().values_list("source_id", "target_id")),
        dtype=np.int64,
    ).reshape(-1, 2)
    supply = list(
        Collaboration.objects.filter(cluster_id=cluster_id, kind=Collaboration.Kind.SUPPLY, target__is_leading=True)
        .order_by()
        .values_list("source__is_local", "value")
    )
    links = ChainLink.objects.filter(cluster_id=cluster_id).order_by("position", "pk")
    link_members = np.array(
        list(
            Member.chain_links.through.objects.filter(chainlink__cluster_id=cluster_id, member__cluster_id=cluster_id)
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
    from .models import NetworkAnalysis

    analyses = NetworkAnalysis.objects.select_related("created_by").order_by("-created", "-pk")
    return analyses.filter(cluster=cluster) if cluster is not None else analyses


def member_figures(*, analysis):
    """Every member's figures in a (visible) analysis, with the member's name."""
    from .models import MemberFigure

    return MemberFigure.objects.filter(analysis=analysis).select_related("member")


GRAPH_MAX_NODES = 2000  # above this a network is drawn aggregated, never sent whole to the browser
GRAPH_MAX_GROUPS = 100  # groups of an aggregated drawing; the smallest are merged into one "other" group


def network_graph(*, analysis, group: str = "community") -> dict:
    """Cytoscape elements of a (visible, succeeded) analysis: every member and edge up to GRAPH_MAX_NODES
    members; above, one node per community or per chain link (`group`), sized by members, edges weighted by the
    number of collaborations between the groups. Members are coloured by their first chain link."""
    import numpy as np

    from .models import ChainLink, Collaboration, Member
    from .network import aggregate

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
            Collaboration.objects.filter(cluster_id=analysis.cluster_id)
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


# Members and collaborations -------------------------------------------------------------------------------------

MEMBER_ROW_FIELDS = (
    "id",
    "cluster_id",
    "kind",
    "name",
    "name_en",
    "credit_code",
    "platform_level",
    "size_class",
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "region_id",
    "is_local",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
    "joined_year",
    "created",
    "updated",
)


def visible_members():
    """Members the current scope's viewer may read: a plain base queryset (lists count and page on it)."""
    return Member.objects.all()


def member_for_detail():
    return Member.objects.select_related("cluster", "region").prefetch_related("chain_links")


def cluster_members(*, cluster: Cluster):
    """A cluster's members, unjoined: pages count on this and decorate only the rows they show."""
    return Member.objects.filter(cluster=cluster)


def search_members(queryset, query: str):
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(Q(name__icontains=query) | Q(name_en__icontains=query) | Q(credit_code__icontains=query))


def _chain_link_ids_sql():
    """ARRAY(…) of a member row's chain link ids, ascending (PostgreSQL; an index-only scan per page row)."""
    through = Member.chain_links.through._meta
    q = connection.ops.quote_name
    return (
        f"ARRAY(SELECT l.{q('chainlink_id')} FROM {q(through.db_table)} l"
        f" WHERE l.{q('member_id')} = {q(Member._meta.db_table)}.{q('id')} ORDER BY l.{q('chainlink_id')})"
    )


def member_list_values(queryset):
    """Rows of MEMBER_ROW_FIELDS for list pages. On PostgreSQL each row also carries `chain_link_ids` (ascending)
    from a subquery the database runs for the page's rows only, saving a round trip; elsewhere
    `with_chain_links` reads them in one more query. COUNT leaves the subquery out."""
    if connection.vendor != "postgresql":
        return queryset.values(*MEMBER_ROW_FIELDS)
    chain_link_ids = RawSQL(_chain_link_ids_sql(), (), output_field=ArrayField(models.BigIntegerField()))
    return queryset.annotate(chain_link_ids=chain_link_ids).values(*MEMBER_ROW_FIELDS, "chain_link_ids")


def with_chain_links(rows: list[dict]) -> list[dict]:
    """Rows from `member_list_values`, each with `chain_link_ids` (one query where the database did not add them)."""
    if not rows or "chain_link_ids" in rows[0]:
        return rows
    links: dict[int, list[int]] = {row["id"]: [] for row in rows}
    pairs = (
        Member.chain_links.through.objects.filter(member_id__in=list(links))
        .order_by("chainlink_id")
        .values_list("member_id", "chainlink_id")
    )
    for member_id, link_id in pairs:
        links[member_id].append(link_id)
    for row in rows:
        row["chain_link_ids"] = links[row["id"]]
    return rows


def visible_collaborations():
    return Collaboration.objects.all()


def collaboration_for_detail():
    return Collaboration.objects.select_related("cluster", "source", "target")


def cluster_collaborations(*, cluster: Cluster):
    return Collaboration.objects.filter(cluster=cluster)


def member_collaborations(*, member: Member):
    """The edges at either end of a member, its partners joined."""
    return (
        Collaboration.objects.filter(Q(source=member) | Q(target=member))
        .select_related("source", "target")
        .order_by("-year", "pk")
    )
