"""Matrix cases of the consistency checks: a cluster's data-quality page and its API, read by whoever may read the
cluster's observations (another tenant's cluster is a 404)."""

from ..cast import CLUSTERS
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from .base import ANON, rows, table


def read(role, name):
    return 200 if name in VISIBLE[role] else 404


def cases():
    return table(
        rows("api:cluster-quality", "get", read, targets=CLUSTERS),
        rows("cluster-quality", "get", read, targets=CLUSTERS),
        rows("api:cluster-quality", "get", {ANON: 401}, targets=["nanjing_cluster"]),
        rows("cluster-quality", "get", {ANON: 302}, targets=["nanjing_cluster"]),
    )
