"""Builders for network-analysis tests: members and collaborations of a cluster from a plain edge list."""

import numpy as np

from clusters.members.demo import member_years_from_figures
from clusters.members.services import last_completed_year
from clusters.models import ChainLink, Collaboration, Member, NetworkAnalysis


def build_network(cluster, n, edges, *, leading=(), non_local=(), kind=Collaboration.Kind.RD, values=None):
    """n members named M0…M{n-1} (returned in that order), with their figures for the last completed year (the
    year an analysis reads by default), and one collaboration per (i, j) in `edges`."""
    Member.objects.bulk_create(
        Member(cluster=cluster, name=f"M{i}", is_leading=i in leading, is_local=i not in non_local) for i in range(n)
    )
    members = list(Member.objects.filter(cluster=cluster).order_by("pk"))
    member_years_from_figures(members=Member.objects.filter(cluster=cluster), years=(last_completed_year(),), log=None)
    Collaboration.objects.bulk_create(
        Collaboration(
            cluster=cluster,
            source=members[i],
            target=members[j],
            kind=kind,
            value=None if values is None else values[index],
        )
        for index, (i, j) in enumerate(edges)
    )
    return members


def random_edges(n, m, seed=7):
    """A heavy-tailed random graph (Chung–Lu with Pareto weights): hubs, as collaboration networks have."""
    rng = np.random.default_rng(seed)
    weights = rng.pareto(1.2, n) + 1
    p = weights / weights.sum()
    source, target = rng.choice(n, m, p=p), rng.choice(n, m, p=p)
    keep = source != target
    return list(zip(source[keep].tolist(), target[keep].tolist(), strict=True))


def chain_link(cluster, name, position, segment=ChainLink.Segment.MIDSTREAM):
    return ChainLink.objects.create(cluster=cluster, name=name, position=position, segment=segment)


def finished_analysis(cluster, by=None, **fields):
    """A succeeded analysis row without running anything (for pages, lists and the matrix)."""
    defaults = {"status": NetworkAnalysis.Status.SUCCEEDED, "progress": 100, "nodes": 0, "edges": 0}
    defaults.update(fields)
    return NetworkAnalysis.objects.create(cluster=cluster, created_by=by, **defaults)
