"""Network analyses in the cross-tenant matrix: readable with their cluster; run by the promoting cluster
body and the ministry (editors and admins)."""

from django.urls import reverse

from ..builders.network import finished_analysis
from ..cast import CLUSTERS, WRITABLE_CLUSTERS
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from .base import ANON, rows, table

RUNS = {"ministry": VISIBLE["ministry"], **WRITABLE_CLUSTERS}  # the ministry and the promoting body's editors


def analysis_url(route, name):
    def url(world):
        analysis = finished_analysis(world.clusters[name])
        if route.startswith("api:"):
            return reverse(route, args=[analysis.pk])
        return reverse(route, args=[world.clusters[name].pk, analysis.pk])

    return url


def cluster_url(route, name):
    return lambda world: reverse(route, args=[world.clusters[name].pk])


def create_url(name, data):
    """The body names the cluster, whose pk exists only once the world is built: fill it in as the URL is."""

    def url(world):
        data["cluster"] = world.clusters[name].pk
        return reverse("api:network-analysis-list")

    return url


def create_status(role, name):
    if role not in RUNS:
        return 403
    if name not in VISIBLE[role]:
        return 400  # the cluster field names a cluster the caller cannot see
    return 202 if name in RUNS[role] else 403


# A row's targets: `analysis:<cluster>` (a finished analysis the case makes), `network:<cluster>` (the cluster's
# network pages) and `create:<cluster>` (a create naming the cluster).


def cluster_in(target):
    return target.split(":")[-1]


def analysis(route, target):
    return analysis_url(route, cluster_in(target))


def network(route, target):
    return cluster_url(route, cluster_in(target))


def create(route, target, body):
    return create_url(cluster_in(target), body)


def read(role, target):
    return 200 if cluster_in(target) in VISIBLE[role] else 404


def run(role, target):
    name = cluster_in(target)
    if name not in VISIBLE[role]:
        return 404
    return 302 if name in RUNS.get(role, ()) else 403


ANALYSES = [f"analysis:{name}" for name in CLUSTERS]
NETWORKS = [f"network:{name}" for name in CLUSTERS]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def cases():
    return table(
        rows("api:network-analysis-list", "get", lambda role, _: 200),
        *(
            rows(route, "get", read, targets=ANALYSES, url=analysis)
            for route in (
                "api:network-analysis-detail",
                "api:network-analysis-members",
                "network-analysis-progress",
                "network-analysis-graph",
            )
        ),
        rows("cluster-network", "get", read, targets=NETWORKS, url=network),
        rows("cluster-network-run", "post", run, targets=NETWORKS, url=network),
        rows(
            "api:network-analysis-list",
            "post",
            lambda role, target: create_status(role, cluster_in(target)),
            targets=[f"create:{name}" for name in CLUSTERS],
            fills=create,
        ),
        rows("api:network-analysis-list", "get", ANON_API),
        rows("api:network-analysis-list", "post", ANON_API, data={"cluster": 1}),
        *(
            rows(route, "get", ANON_API, targets=["analysis:nanjing_cluster"], url=analysis)
            for route in ("api:network-analysis-detail", "api:network-analysis-members")
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=["analysis:nanjing_cluster"], url=analysis)
            for route in ("network-analysis-progress", "network-analysis-graph")
        ),
        rows("cluster-network", "get", ANON_PAGE, targets=["network:nanjing_cluster"], url=network),
        rows("cluster-network-run", "post", ANON_PAGE, targets=["network:nanjing_cluster"], url=network),
    )
