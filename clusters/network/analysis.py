"""The collaboration-network analysis of a cluster: pure computation on arrays, no database.

`clusters.network.selectors.network_inputs` loads a cluster into `NetworkInputs`; `analyse` computes the run's figures
and every member's figures with NetworKit; `clusters.network.services.network_analysis_run` stores them.

Conventions (stated on the network page too):
- the graph is undirected; several collaborations between the same two members are one edge (with
  `weighted`, the edge weight is their number, used by the communities and PageRank);
- betweenness is normalised: the share of pairs of other members whose shortest paths run through the member
  (1 for the centre of a star). Above `exact_betweenness_max_nodes` it is estimated with KADABRA, each value
  within ±ε of the exact normalised value with probability 1−δ;
- communities are Louvain (PLM) with a fixed seed on one thread, renumbered in member order, so a rerun on the
  same inputs gives the same communities;
- the local supporting rate is the share of supply flowing into leading enterprises that comes from local
  members, by value when every such supply has a value, otherwise by count.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import networkit as nk
import numpy as np
from django.utils.translation import gettext as _

DEFAULT_PARAMETERS = {
    "seed": 42,
    "weighted": False,
    "exact_betweenness_max_nodes": 2000,
    "betweenness_epsilon": 0.01,
    "betweenness_delta": 0.1,
    "pagerank_damping": 0.85,
    "pagerank_tolerance": 1e-8,
    "thin_link_threshold": 3,
    "threads": 1,
}


class NetworkDataError(ValueError):
    """The cluster's data cannot be analysed (an expected failure, shown to the user)."""


@dataclass
class NetworkInputs:
    member_ids: np.ndarray  # int64, ascending
    sources: np.ndarray  # int64 member ids, one per collaboration
    targets: np.ndarray
    # Supply into leading enterprises: whether the supplier is local, and the value (NaN when missing).
    supply_local: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    supply_value: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    # The cluster's chain links in order: (id, name, English name, segment); and (link id, member id) pairs.
    chain_links: list = field(default_factory=list)
    link_members: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))


@dataclass
class NetworkResult:
    figures: dict  # the run's figures, named as NetworkAnalysis fields
    parameters: dict  # the parameters used, with how each figure was computed
    member_ids: np.ndarray
    degree: np.ndarray
    betweenness: np.ndarray
    pagerank: np.ndarray
    community: np.ndarray
    is_articulation_point: np.ndarray
    timings: dict = field(default_factory=dict)


@dataclass
class Graph:
    """The collapsed undirected graph: node i is member_ids[i]; each (u, v) with u < v once."""

    member_ids: np.ndarray
    u: np.ndarray
    v: np.ndarray
    weight: np.ndarray  # number of collaborations between u and v

    @property
    def n(self):
        return len(self.member_ids)

    def networkit(self, weighted=False):
        weights = self.weight.astype(np.float64) if weighted else np.ones(len(self.u))
        return nk.GraphFromCoo(
            (weights, (self.u.astype(np.uint64), self.v.astype(np.uint64))),
            n=self.n,
            directed=False,
            weighted=weighted,
        )


def parameters_with_defaults(parameters=None) -> dict:
    merged = dict(DEFAULT_PARAMETERS)
    merged.update({key: value for key, value in (parameters or {}).items() if key in DEFAULT_PARAMETERS})
    return merged


def collapse(inputs: NetworkInputs) -> Graph:
    """Map member ids to 0..n-1 and collapse parallel collaborations into one undirected edge."""
    ids = inputs.member_ids
    n = len(ids)
    if n == 0:
        return Graph(ids, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    source = np.searchsorted(ids, inputs.sources)
    target = np.searchsorted(ids, inputs.targets)
    known = (source < n) & (target < n)
    known[known] &= (ids[source[known]] == inputs.sources[known]) & (ids[target[known]] == inputs.targets[known])
    if not known.all():
        raise NetworkDataError(
            _("%(count)s collaborations link members outside the cluster; correct them and run again.")
            % {"count": int((~known).sum())}
        )
    low, high = np.minimum(source, target), np.maximum(source, target)
    keys, weight = np.unique(low * n + high, return_counts=True)
    return Graph(ids, keys // n, keys % n, weight)


def digest(inputs: NetworkInputs, graph: Graph, parameters: dict) -> str:
    """sha256 of everything the figures depend on: parameters, members, sorted edges, supply, chain links."""
    sha = hashlib.sha256()
    sha.update(json.dumps(parameters, sort_keys=True).encode())
    for array in (
        graph.member_ids.astype(np.int64),
        graph.u.astype(np.int64),
        graph.v.astype(np.int64),
        graph.weight.astype(np.int64),
    ):
        sha.update(array.tobytes())
    supply = np.lexsort((inputs.supply_value, inputs.supply_local))
    sha.update(inputs.supply_local[supply].astype(np.int8).tobytes())
    sha.update(np.nan_to_num(inputs.supply_value[supply], nan=-1.0).tobytes())
    sha.update(json.dumps(inputs.chain_links, ensure_ascii=False).encode())
    pairs = inputs.link_members.reshape(-1, 2).astype(np.int64)
    sha.update(pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))].tobytes())
    return sha.hexdigest()


def canonical_communities(partition: np.ndarray) -> np.ndarray:
    """Number communities 0, 1, 2… in the order of their first member, so equal partitions get equal ids."""
    _labels, first, inverse = np.unique(partition, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inverse]


def articulation_points(graph_nk, n: int) -> np.ndarray:
    """Members whose removal disconnects their component: the nodes in more than one biconnected component."""
    if n == 0:
        return np.zeros(0, dtype=bool)
    components = nk.components.BiconnectedComponents(graph_nk).run().getComponents()
    nodes = np.fromiter((node for component in components for node in component), dtype=np.int64)
    return np.bincount(nodes, minlength=n) > 1


def betweenness(graph_nk, n: int, parameters: dict) -> tuple[np.ndarray, bool, float | None]:
    """Normalised betweenness; (scores, approximate, error bound)."""
    if n <= parameters["exact_betweenness_max_nodes"]:
        scores = nk.centrality.Betweenness(graph_nk, normalized=True).run().scores()
        return np.asarray(scores, dtype=np.float64), False, None
    epsilon, delta = parameters["betweenness_epsilon"], parameters["betweenness_delta"]
    kadabra = nk.centrality.KadabraBetweenness(graph_nk, epsilon, delta, True).run()
    # KADABRA estimates, within ±ε, the share of the n(n-1) ordered pairs whose shortest paths run through a node;
    # NetworKit reports twice that on an undirected graph (the centre of a star scores 2, checked in the tests).
    # The normalised betweenness divides by (n-1)(n-2) instead, so values and error bound scale by n/(n-2).
    scale = n / (n - 2)
    return np.asarray(kadabra.scores(), dtype=np.float64) / 2 * scale, True, epsilon * scale


def local_supporting_rate(inputs: NetworkInputs) -> tuple[float | None, dict]:
    local, value = inputs.supply_local, inputs.supply_value
    facts = {"supply_into_leading": int(len(local)), "supply_without_value": int(np.isnan(value).sum())}
    if len(local) == 0:
        facts["local_supporting_basis"] = None
        return None, facts
    if not np.isnan(value).any() and value.sum() > 0:
        facts["local_supporting_basis"] = "value"
        return float(value[local].sum() / value.sum()), facts
    facts["local_supporting_basis"] = "count"
    return float(local.sum() / len(local)), facts


def chain_link_coverage(inputs: NetworkInputs, thin_below: int) -> list[dict]:
    pairs = np.unique(inputs.link_members.reshape(-1, 2).astype(np.int64), axis=0)
    counts = dict(zip(*np.unique(pairs[:, 0], return_counts=True), strict=True)) if len(pairs) else {}
    coverage = []
    for link_id, name, name_en, segment in inputs.chain_links:
        members = int(counts.get(link_id, 0))
        flag = "empty" if members == 0 else "thin" if members < thin_below else ""
        coverage.append(
            {"id": link_id, "name": name, "name_en": name_en, "segment": segment, "members": members, "flag": flag}
        )
    return coverage


def analyse(
    inputs: NetworkInputs, parameters=None, progress: Callable[[int, str], None] | None = None
) -> NetworkResult:
    """Every figure of the analysis. `progress(percent, stage)` is called before each stage (10–90%)."""
    import time

    parameters = parameters_with_defaults(parameters)
    report = progress or (lambda percent, stage: None)
    timings = {}
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    if len(inputs.member_ids) == 0:
        raise NetworkDataError(_("The cluster has no members to analyse."))
    nk.setNumberOfThreads(int(parameters["threads"]))
    nk.setSeed(int(parameters["seed"]), False)

    report(10, "graph")
    graph = collapse(inputs)
    n, m = graph.n, len(graph.u)
    input_digest = digest(inputs, graph, parameters)
    plain = graph.networkit(weighted=False)
    weighted = graph.networkit(weighted=True) if parameters["weighted"] else plain
    degree = np.bincount(np.concatenate([graph.u, graph.v]), minlength=n).astype(np.int64)
    lap("graph")

    report(20, "components")
    components = nk.components.ConnectedComponents(plain).run()
    sizes = components.getComponentSizes()
    clustering = nk.centrality.LocalClusteringCoefficient(plain, turbo=True).run().scores()
    lap("components")

    report(30, "communities")
    partition = nk.community.PLM(weighted, refine=False).run().getPartition()
    modularity = nk.community.Modularity().getQuality(partition, weighted) if m else 0.0
    community = canonical_communities(np.asarray(partition.getVector(), dtype=np.int64))
    lap("communities")

    report(45, "betweenness")
    between, approximate, error_bound = betweenness(plain, n, parameters)
    lap("betweenness")

    report(65, "pagerank")
    pagerank = np.asarray(
        nk.centrality.PageRank(weighted, damp=parameters["pagerank_damping"], tol=parameters["pagerank_tolerance"])
        .run()
        .scores(),
        dtype=np.float64,
    )
    lap("pagerank")

    report(75, "articulation_points")
    cut = articulation_points(plain, n)
    lap("articulation_points")

    report(85, "chain_links")
    coverage = chain_link_coverage(inputs, int(parameters["thin_link_threshold"]))
    rate, supply_facts = local_supporting_rate(inputs)
    lap("chain_links")

    used = dict(parameters)
    used.update(supply_facts)
    used["betweenness_method"] = "kadabra" if approximate else "exact"
    figures = {
        "nodes": n,
        "edges": m,
        "density": (2 * m / (n * (n - 1))) if n > 1 else 0.0,
        "components": components.numberOfComponents(),
        "largest_component": max(sizes.values()) if sizes else 0,
        "clustering": float(np.mean(clustering)) if n else 0.0,
        "communities": int(community.max()) + 1 if n else 0,
        "modularity": float(modularity),
        "betweenness_approximate": approximate,
        "betweenness_error_bound": error_bound,
        "articulation_points": graph.member_ids[cut].tolist(),
        "chain_link_coverage": coverage,
        "local_supporting_rate": rate,
        "digest": input_digest,
    }
    return NetworkResult(
        figures=figures,
        parameters=used,
        member_ids=graph.member_ids,
        degree=degree,
        betweenness=between,
        pagerank=pagerank,
        community=community,
        is_articulation_point=cut,
        timings=timings,
    )


def aggregate(groups: np.ndarray, sources: np.ndarray, targets: np.ndarray, max_groups: int):
    """Aggregate a graph whose node i is in group `groups[i]`: (group ids kept, members per kept group,
    edges as (group a, group b, collaborations)). Beyond `max_groups - 1` groups the smallest are merged
    into one group numbered -1. `sources`/`targets` are node indices, one pair per collaboration."""
    labels, sizes = np.unique(groups, return_counts=True)
    if len(labels) > max_groups:
        order = np.lexsort((labels, -sizes))
        kept = np.sort(labels[order[: max_groups - 1]])
        other = ~np.isin(groups, kept)
        groups = np.where(other, -1, groups)
        labels, sizes = np.unique(groups, return_counts=True)
    if len(sources) == 0:
        return labels, sizes, []
    index = np.searchsorted(labels, groups)
    a, b = index[sources], index[targets]
    low, high = np.minimum(a, b), np.maximum(a, b)
    between = low != high
    k = len(labels)
    keys, counts = np.unique(low[between] * k + high[between], return_counts=True)
    edges = [
        (int(labels[key // k]), int(labels[key % k]), int(count))
        for key, count in zip(keys.tolist(), counts.tolist(), strict=True)
    ]
    return labels, sizes, edges
