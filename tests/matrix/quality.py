"""Matrix cases of the consistency checks: a cluster's data-quality page and its API, read by whoever may read the
cluster's observations (another tenant's cluster is a 404)."""

from ..cast import CLUSTERS, ROLES
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from .base import ANON, Case


def cases():
    cases = []
    for role in ROLES:
        for name in CLUSTERS:
            status = 200 if name in VISIBLE[role] else 404
            cases += [
                Case("api:cluster-quality", role, "get", status, target=name),
                Case("cluster-quality", role, "get", status, target=name, api=False),
            ]
    cases += [
        Case("api:cluster-quality", ANON, "get", 401, target="nanjing_cluster"),
        Case("cluster-quality", ANON, "get", 302, target="nanjing_cluster", api=False),
    ]
    return cases
