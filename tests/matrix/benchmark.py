"""The national benchmark in the cross-tenant matrix: a cluster's benchmark page and API answer whoever may read the
cluster (another tenant's cluster is a 404) and is not an expert; the list, its API and its export answer the
ministry, the governments and the promotion bodies (each over the clusters it may see: tests/test_benchmark.py
checks the sets), an expert 403, an anonymous visitor asked to sign in. Nothing writes."""

from ..builders.exports import export_request
from ..cast import CLUSTERS, ROLES
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from .base import ANON, rows, table

ALL = [*ROLES, ANON]


def cluster(ok):
    return lambda role, name: ok if name in VISIBLE[role] and role != "expert" else 404


def benchmarked(ok):
    return lambda role, _target: 403 if role == "expert" else ok


def cases():
    return table(
        rows("cluster-benchmark", "get", cluster(200), targets=CLUSTERS),
        rows("api:cluster-benchmark", "get", cluster(200), targets=CLUSTERS),
        rows("cluster-benchmark", "get", {ANON: 302}, targets=["nanjing_cluster"]),
        rows("api:cluster-benchmark", "get", {ANON: 401}, targets=["nanjing_cluster"]),
        rows("benchmark-list", "get", benchmarked(200)),
        rows("api:benchmark-list", "get", benchmarked(200)),
        rows("benchmark-list", "get", {ANON: 302}),
        rows("api:benchmark-list", "get", {ANON: 401}),
        rows(
            "export-new",
            "post",
            benchmarked(302),
            targets=["benchmark"],
            fills=export_request("clusters.benchmark", "csv", query=lambda _world, _target: "cohort=tier"),
        ),
        rows(  # a wrong cohort is refused before any job exists
            "export-new",
            "post",
            benchmarked(400),
            targets=["benchmark:invalid"],
            fills=export_request("clusters.benchmark", "csv", query=lambda _world, _target: "cohort=province"),
        ),
    )
