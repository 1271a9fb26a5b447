"""The network of clusters: clusters as nodes, confirmed collaborations between them as edges.

Confirmed collaborations are aggregated per pair of clusters (undirected: A→B and B→A are one pair) into a count
and a value (万元; collaborations without a value add nothing to it). The figures are those of a cluster's own
network, computed by the same code (clusters.network.analysis.analyse on the pairs, each collaboration one unit of
weight): degree (partner clusters), betweenness, PageRank and Louvain communities weighted by the number of
collaborations, articulation points, density, components, clustering and modularity; strength is the sum of a
cluster's pairs' counts and of their values. The nodes are the clusters the viewer may read (the ministry: all of
them; a government: those with a region in its jurisdiction), so a government's network is the sub-network of its
clusters; a collaboration counts only when both its clusters are nodes. A network of clusters is small (a few
hundred nodes at most), so it is computed on request.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Sum
from django.urls import reverse

from clusters.models import Cluster
from clusters.network.analysis import NetworkInputs, analyse
from exchange.links.models import ClusterLink

PARAMETERS = {"weighted": True, "seed": 42}
LEGEND_COMMUNITIES = 12


def _finite(value):
    """A figure as JSON can carry it: NaN and infinities (betweenness normalised over fewer than three clusters,
    the modularity of a graph without edges) are 0."""
    if isinstance(value, float) and not np.isfinite(value):
        return 0.0
    return value


@dataclass
class ClusterNetwork:
    clusters: list  # Cluster rows, ascending pk (node i is clusters[i])
    pairs: list  # dicts: a, b (cluster pks, a < b), count, value (float), value_count (collaborations with a value)
    figures: dict  # the analysis's figures (nodes, edges, density, …) without the chain-link ones
    nodes: list  # per cluster: dicts of degree, strength, value_strength, betweenness, pagerank, community, cut


def pair_rows(cluster_ids) -> list[dict]:
    """Confirmed collaborations between two of `cluster_ids`, aggregated per unordered pair (one query)."""
    ids = list(cluster_ids)
    rows = (
        ClusterLink.objects.filter(
            status=ClusterLink.Status.CONFIRMED, source_cluster_id__in=ids, target_cluster_id__in=ids
        )
        .order_by()
        .values("source_cluster_id", "target_cluster_id")
        .annotate(count=Count("pk"), total=Sum("value"), valued=Count("value"))
    )
    pairs: dict[tuple, dict] = {}
    for row in rows:
        a, b = sorted((row["source_cluster_id"], row["target_cluster_id"]))
        pair = pairs.setdefault((a, b), {"a": a, "b": b, "count": 0, "value": 0.0, "value_count": 0})
        pair["count"] += row["count"]
        pair["value"] += float(row["total"] or 0)
        pair["value_count"] += row["valued"]
    return [pairs[key] for key in sorted(pairs)]


def cluster_network(clusters=None) -> ClusterNetwork:
    """The network of `clusters` (default: every cluster the viewer may read) and its figures."""
    if clusters is None:
        clusters = Cluster.objects.all()
    clusters = list(clusters.order_by("pk").only("pk", "name", "name_en", "tier", "field_id"))
    ids = np.array([cluster.pk for cluster in clusters], dtype=np.int64)
    pairs = pair_rows(ids.tolist())
    if len(ids) == 0:
        return ClusterNetwork(clusters=[], pairs=[], figures={"nodes": 0, "edges": 0}, nodes=[])
    # One entry per collaboration: analyse() counts parallel entries into the edge's weight.
    sources = np.repeat([pair["a"] for pair in pairs], [pair["count"] for pair in pairs]).astype(np.int64)
    targets = np.repeat([pair["b"] for pair in pairs], [pair["count"] for pair in pairs]).astype(np.int64)
    result = analyse(NetworkInputs(member_ids=ids, sources=sources, targets=targets), PARAMETERS)
    index = {pk: i for i, pk in enumerate(ids.tolist())}
    strength = np.zeros(len(ids))
    value_strength = np.zeros(len(ids))
    for pair in pairs:
        for end in (index[pair["a"]], index[pair["b"]]):
            strength[end] += pair["count"]
            value_strength[end] += pair["value"]
    figures = {
        key: _finite(value)
        for key, value in result.figures.items()
        if key not in ("chain_link_coverage", "local_supporting_rate", "digest")
    }
    figures["collaborations"] = int(sum(pair["count"] for pair in pairs))
    figures["value"] = float(sum(pair["value"] for pair in pairs))
    nodes = [
        {
            "degree": int(result.degree[i]),
            "strength": int(strength[i]),
            "value_strength": float(value_strength[i]),
            "betweenness": _finite(float(result.betweenness[i])),
            "pagerank": _finite(float(result.pagerank[i])),
            "community": int(result.community[i]),
            "is_articulation_point": bool(result.is_articulation_point[i]),
        }
        for i in range(len(ids))
    ]
    return ClusterNetwork(clusters=clusters, pairs=pairs, figures=figures, nodes=nodes)


def cluster_rows(network: ClusterNetwork) -> list[dict]:
    """Each cluster with its figures, the most connected first (strength, then value, then name)."""
    rows = [{"cluster": cluster, **node} for cluster, node in zip(network.clusters, network.nodes, strict=True)]
    return sorted(rows, key=lambda row: (-row["strength"], -row["value_strength"], row["cluster"].name))


def pair_table(network: ClusterNetwork) -> list[dict]:
    """The pairs with their clusters, the heaviest first (value, then count)."""
    by_pk = {cluster.pk: cluster for cluster in network.clusters}
    rows = [{**pair, "cluster_a": by_pk[pair["a"]], "cluster_b": by_pk[pair["b"]]} for pair in network.pairs]
    return sorted(rows, key=lambda row: (-row["value"], -row["count"], row["a"], row["b"]))


def _legend(network: ClusterNetwork) -> list[dict]:
    """The largest communities, each named after its cluster with the highest PageRank."""
    groups: dict[int, list] = {}
    for cluster, node in zip(network.clusters, network.nodes, strict=True):
        groups.setdefault(node["community"], []).append((node["pagerank"], cluster))
    order = sorted(groups, key=lambda community: (-len(groups[community]), community))[:LEGEND_COMMUNITIES]
    legend = []
    for community in order:
        leader = max(groups[community], key=lambda item: (item[0], -item[1].pk))[1]
        legend.append({"id": community, "label": leader.display_name, "members": len(groups[community])})
    return legend


def network_elements(network: ClusterNetwork, *, only_linked: bool = False) -> dict:
    """Cytoscape elements in the shape the network page's script draws (static/js/network.js, its member view):
    a node per cluster (without partners left out when `only_linked`), an edge per pair weighted by its count."""
    linked = {end for pair in network.pairs for end in (pair["a"], pair["b"])}
    nodes = [
        {
            "data": {
                "id": f"c{cluster.pk}",
                "label": cluster.display_name,
                "url": reverse("cluster-detail", args=[cluster.pk]),
                **{key: node[key] for key in ("degree", "strength", "betweenness", "pagerank", "community")},
                "value": node["value_strength"],
                "chain_link": None,
                "member_kind": "",
            }
        }
        for cluster, node in zip(network.clusters, network.nodes, strict=True)
        if not only_linked or cluster.pk in linked
    ]
    edges = [
        {
            "data": {
                "id": f"p{pair['a']}-{pair['b']}",
                "source": f"c{pair['a']}",
                "target": f"c{pair['b']}",
                "weight": pair["count"],
                "value": pair["value"],
            }
        }
        for pair in network.pairs
    ]
    return {
        "view": "members",
        "views": ["members"],
        "aggregated": False,
        "group": None,
        "members": len(nodes),
        "communities": network.figures.get("communities", 0),
        "chain_links": [],
        "legend": {"communities": _legend(network), "chain_links": [], "member_kinds": []},
        "edges_total": len(edges),
        "nodes": nodes,
        "edges": edges,
    }


def find_clusters(network: ClusterNetwork, text: str, limit: int = 10) -> list[dict]:
    """Clusters of the network whose name holds `text` (the page's search), the most connected first."""
    text = (text or "").strip().lower()[:100]
    if not text:
        return []
    found = [
        (node["strength"], cluster, node)
        for cluster, node in zip(network.clusters, network.nodes, strict=True)
        if text in cluster.name.lower() or text in (cluster.name_en or "").lower()
    ]
    found.sort(key=lambda item: (-item[0], item[1].pk))
    return [
        {"id": f"c{cluster.pk}", "label": cluster.display_name, "community": node["community"], "chain_link": None}
        for _strength, cluster, node in found[:limit]
    ]
