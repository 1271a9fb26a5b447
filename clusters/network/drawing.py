"""The drawing of a network analysis for the browser: Cytoscape elements, bounded whatever the cluster's size.

Three views of one analysis:
- `members`: one node per member (offered up to GRAPH_MAX_NODES members) and its GRAPH_MAX_EDGES heaviest edges;
- `community` and `chain_link`: one node per community or per chain link (a member counts under its first chain
  link), sized by its members, an edge weighted by the collaborations between two groups; at most
  GRAPH_MAX_GROUPS nodes, the smallest groups merged into one "other" node.
A network of more than LARGE_NETWORK members opens on the community view: drawn member by member it is a disc.
Every node carries what the page's size and colour controls read (degree, betweenness, PageRank, revenue, members;
community, chain link, kind of member), an aggregated node the sums, maxima and most common values of its members.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from clusters.models import ChainLink, Collaboration, Member, MemberYear
from clusters.network.selectors import collaborations_by, member_figures

GRAPH_MAX_NODES = 2000  # above this a network is drawn aggregated only, never sent whole to the browser
GRAPH_MAX_EDGES = 10000  # the member view keeps the heaviest edges up to this many
GRAPH_MAX_GROUPS = 100  # groups of an aggregated drawing; the smallest are merged into one "other" group
LARGE_NETWORK = 150  # above this a network opens on the community view
LEGEND_COMMUNITIES = 12  # the largest communities get a colour of their own, the others share grey
SEARCH_MATCHES = 10

VIEWS = ("members", "community", "chain_link")
KINDS = list(Member.Kind.values)


def views_offered(analysis) -> list[str]:
    """The views of an analysis: the member view only while the network is small enough to send whole."""
    members = analysis.nodes or 0
    return list(VIEWS) if members <= GRAPH_MAX_NODES else ["community", "chain_link"]


def default_view(analysis) -> str:
    small = (analysis.nodes or 0) <= LARGE_NETWORK and "members" in views_offered(analysis)
    return "members" if small else "community"


def chosen_view(analysis, asked: str | None) -> str:
    """The view asked for if the analysis offers it (`group=` of older pages names an aggregated one), otherwise
    the analysis's default view."""
    return asked if asked in views_offered(analysis) else default_view(analysis)


@dataclass
class _Network:
    member_ids: np.ndarray  # sorted
    degree: np.ndarray
    betweenness: np.ndarray
    pagerank: np.ndarray
    community: np.ndarray
    link: np.ndarray  # the first chain link's id, 0 for none
    kind: np.ndarray  # index into KINDS
    revenue: np.ndarray  # nan where unknown
    source: np.ndarray  # node indices, one pair per collaboration
    target: np.ndarray
    links: list  # (id, name, name_en) in chain order


def _chain_links(cluster_id):
    """The cluster's chain links in chain order: (id, name, English name)."""
    return list(
        ChainLink.objects.filter(cluster_id=cluster_id).order_by("position", "pk").values_list("pk", "name", "name_en")
    )


def _first_links(cluster_id, links, member_ids=None):
    """Each member's first chain link in chain order (members without one are absent)."""
    rank = {pk: position for position, (pk, _name, _name_en) in enumerate(links)}
    first = {}
    pairs = Member.chain_links.through.objects.filter(chainlink__cluster_id=cluster_id)
    if member_ids is not None:
        pairs = pairs.filter(member_id__in=member_ids)
    for member_id, link_id in pairs.order_by().values_list("member_id", "chainlink_id"):
        if link_id in rank and rank[link_id] < rank.get(first.get(member_id), len(links)):
            first[member_id] = link_id
    return first


def _load(analysis) -> _Network:
    rows = list(
        member_figures(analysis=analysis)
        .order_by("member_id")
        .values_list("member_id", "degree", "betweenness", "pagerank", "community")
    )
    figures = np.array(rows, dtype=np.float64).reshape(-1, 5)
    member_ids = figures[:, 0].astype(np.int64)
    cluster_id = analysis.cluster_id
    links = _chain_links(cluster_id)
    first = _first_links(cluster_id, links)
    kinds = {value: index for index, value in enumerate(KINDS)}
    members = Member.objects.filter(cluster_id=cluster_id)
    kind_of = {pk: kinds.get(kind, 0) for pk, kind in members.order_by().values_list("pk", "kind")}
    if analysis.year is None:
        revenue_of = dict(members.exclude(revenue=None).order_by().values_list("pk", "revenue"))
    else:
        revenue_of = dict(
            MemberYear.objects.filter(cluster_id=cluster_id, year=analysis.year)
            .exclude(revenue=None)
            .order_by()
            .values_list("member_id", "revenue")
        )
    edges = np.array(
        list(
            Collaboration.objects.filter(collaborations_by(analysis.year), cluster_id=cluster_id)
            .order_by()
            .values_list("source_id", "target_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    n = len(member_ids)
    source, target = np.searchsorted(member_ids, edges[:, 0]), np.searchsorted(member_ids, edges[:, 1])
    known = (source < n) & (target < n)
    known[known] &= (member_ids[source[known]] == edges[known, 0]) & (member_ids[target[known]] == edges[known, 1])
    ids = member_ids.tolist()
    return _Network(
        member_ids=member_ids,
        degree=figures[:, 1],
        betweenness=figures[:, 2],
        pagerank=figures[:, 3],
        community=figures[:, 4].astype(np.int64),
        link=np.array([first.get(pk, 0) for pk in ids], dtype=np.int64),
        kind=np.array([kind_of.get(pk, 0) for pk in ids], dtype=np.int64),
        revenue=np.array([float(revenue_of[pk]) if pk in revenue_of else np.nan for pk in ids], dtype=np.float64),
        source=source[known],
        target=target[known],
        links=links,
    )


def _community_leaders(network, communities) -> dict[int, str]:
    """Each of `communities` is named after its member with the highest PageRank."""
    wanted = np.isin(network.community, list(communities))
    order = np.lexsort((network.member_ids[wanted], -network.pagerank[wanted], network.community[wanted]))
    groups = network.community[wanted][order]
    first = np.unique(groups, return_index=True)[1]
    leader_ids = dict(zip(groups[first].tolist(), network.member_ids[wanted][order][first].tolist(), strict=True))
    names = dict(Member.objects.filter(pk__in=list(leader_ids.values())).values_list("pk", "name"))
    return {community: names.get(member_id, "") for community, member_id in leader_ids.items()}


def _most_common(index, values, groups: int) -> np.ndarray:
    """Per group (`index` 0…groups-1 of each node), the most common of the nodes' `values` (ties: the smallest)."""
    if len(values) == 0:
        return np.zeros(groups, dtype=np.int64)
    distinct, coded = np.unique(values, return_inverse=True)
    counts = np.zeros((groups, len(distinct)), dtype=np.int64)
    np.add.at(counts, (index, coded), 1)
    return distinct[counts.argmax(axis=1)]


def _legend(network, leaders) -> dict:
    sizes = np.bincount(network.community) if len(network.community) else np.zeros(0, dtype=np.int64)
    largest = [int(c) for c in np.lexsort((np.arange(len(sizes)), -sizes))[:LEGEND_COMMUNITIES] if sizes[c]]
    link_sizes = {pk: int(count) for pk, count in zip(*np.unique(network.link, return_counts=True), strict=True)}
    present = set(network.kind.tolist())
    return {
        "communities": [{"id": c, "label": leaders.get(c, ""), "members": int(sizes[c])} for c in largest],
        "chain_links": [
            {"id": pk, "name": name, "name_en": name_en, "members": link_sizes.get(pk, 0)}
            for pk, name, name_en in network.links
        ],
        "member_kinds": [
            {"value": value, "label": str(Member.Kind(value).label)}
            for index, value in enumerate(KINDS)
            if index in present
        ],
    }


def _member_view(network) -> tuple[list, list, int]:
    n = len(network.member_ids)
    names = dict(Member.objects.filter(pk__in=network.member_ids.tolist()).values_list("pk", "name"))
    low, high = np.minimum(network.source, network.target), np.maximum(network.source, network.target)
    keys, counts = np.unique(low * max(n, 1) + high, return_counts=True)
    total = len(keys)
    if total > GRAPH_MAX_EDGES:
        kept = np.sort(np.lexsort((keys, -counts))[:GRAPH_MAX_EDGES])
        keys, counts = keys[kept], counts[kept]
    nodes = []
    for i, member_id in enumerate(network.member_ids.tolist()):
        revenue = network.revenue[i]
        nodes.append(
            {
                "data": {
                    "id": f"m{member_id}",
                    "label": names.get(member_id, ""),
                    "degree": int(network.degree[i]),
                    "betweenness": float(network.betweenness[i]),
                    "pagerank": float(network.pagerank[i]),
                    "revenue": None if np.isnan(revenue) else float(revenue),
                    "community": int(network.community[i]),
                    "chain_link": int(network.link[i]) or None,
                    "member_kind": KINDS[network.kind[i]],
                }
            }
        )
    ids = network.member_ids
    edges = [
        {"data": {"id": f"e{key}", "source": f"m{ids[key // n]}", "target": f"m{ids[key % n]}", "weight": count}}
        for key, count in zip(keys.tolist(), counts.tolist(), strict=True)
    ]
    return nodes, edges, total


def _group_view(network, view) -> tuple[list, list, int]:
    from clusters.network.analysis import aggregate

    groups = network.link if view == "chain_link" else network.community
    labels, sizes, group_edges = aggregate(groups, network.source, network.target, GRAPH_MAX_GROUPS)
    merged = np.where(np.isin(groups, labels), groups, -1)
    index = np.searchsorted(labels, merged)
    k = len(labels)
    revenue = np.bincount(index, weights=np.nan_to_num(network.revenue), minlength=k)
    pagerank = np.bincount(index, weights=network.pagerank, minlength=k)
    betweenness = np.zeros(k)
    np.maximum.at(betweenness, index, network.betweenness)
    community = _most_common(index, network.community, k)
    link = _most_common(index, network.link, k)
    kind = _most_common(index, network.kind, k)
    position = {int(label): i for i, label in enumerate(labels.tolist())}
    degree = np.zeros(k, dtype=np.int64)
    for a, b, weight in group_edges:
        degree[position[a]] += weight
        degree[position[b]] += weight
    link_names = {pk: name for pk, name, _name_en in network.links}
    leaders = _community_leaders(network, labels.tolist()) if view == "community" else {}
    nodes = []
    for i, (label, size) in enumerate(zip(labels.tolist(), sizes.tolist(), strict=True)):
        if label == -1:
            name, kind_of_group = "", "other"
        elif view == "community":
            name, kind_of_group = leaders.get(label, ""), "community"
        else:
            name, kind_of_group = link_names.get(label, ""), "chain_link" if label else "none"
        nodes.append(
            {
                "data": {
                    "id": f"g{label}",
                    "group": label,
                    "kind": kind_of_group,
                    "label": name,
                    "members": size,
                    "degree": int(degree[i]),
                    "betweenness": float(betweenness[i]),
                    "pagerank": float(pagerank[i]),
                    "revenue": float(revenue[i]),
                    "community": int(community[i]) if view != "community" else label,
                    "chain_link": (int(link[i]) or None) if view != "chain_link" else (label if label > 0 else None),
                    "member_kind": KINDS[kind[i]],
                }
            }
        )
    edges = [
        {"data": {"id": f"g{a}-g{b}", "source": f"g{a}", "target": f"g{b}", "weight": weight}}
        for a, b, weight in group_edges
    ]
    return nodes, edges, len(edges)


def network_graph(*, analysis, view: str | None = None) -> dict:
    """Cytoscape elements of a (visible, succeeded) analysis in `view` (default: the analysis's own), with what
    the legend names: the largest communities (named after their member with the highest PageRank), the chain
    links and the kinds of member present."""
    view = chosen_view(analysis, view)
    network = _load(analysis)
    sizes = np.bincount(network.community) if len(network.community) else np.zeros(0, dtype=np.int64)
    largest = np.lexsort((np.arange(len(sizes)), -sizes))[:LEGEND_COMMUNITIES].tolist()
    leaders = _community_leaders(network, largest)
    if view == "members":
        nodes, edges, edges_total = _member_view(network)
    else:
        nodes, edges, edges_total = _group_view(network, view)
    return {
        "view": view,
        "views": views_offered(analysis),
        "aggregated": view != "members",
        "group": None if view == "members" else view,
        "members": len(network.member_ids),
        "communities": int(len(sizes)),
        "chain_links": [{"id": pk, "name": name, "name_en": name_en} for pk, name, name_en in network.links],
        "legend": _legend(network, leaders),
        "edges_total": edges_total,
        "nodes": nodes,
        "edges": edges,
    }


def network_member_search(*, analysis, text: str) -> list[dict]:
    """Members of the analysis whose name (Chinese or English) holds `text`, most connected first: their node,
    community and first chain link, so the page can find them in any view."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    rows = list(
        member_figures(analysis=analysis)
        .filter(Q(member__name__icontains=text) | Q(member__name_en__icontains=text))
        .order_by("-degree", "member_id")
        .values_list("member_id", "member__name", "community")[:SEARCH_MATCHES]
    )
    first = _first_links(analysis.cluster_id, _chain_links(analysis.cluster_id), [row[0] for row in rows])
    return [
        {"id": f"m{member_id}", "label": name, "community": community, "chain_link": first.get(member_id)}
        for member_id, name, community in rows
    ]
