"""Network analyses in the cross-tenant matrix: readable with their cluster; run by the promoting cluster
body and the ministry (editors and admins)."""

from django.urls import reverse

from ..builders.network import finished_analysis
from ..cast import CLUSTERS, ROLES, WRITABLE_CLUSTERS
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from .base import ANON, Case

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


def cases():
    found = []
    for role in ROLES:
        found.append(Case("api:network-analysis-list", role, "get", 200))
        for name in CLUSTERS:
            visible = name in VISIBLE[role]
            read = 200 if visible else 404
            for route in ("api:network-analysis-detail", "api:network-analysis-members"):
                found.append(Case(route, role, "get", read, target=f"analysis:{name}", url=analysis_url(route, name)))
            for route in ("network-analysis-progress", "network-analysis-graph"):
                found.append(
                    Case(route, role, "get", read, target=f"analysis:{name}", url=analysis_url(route, name), api=False)
                )
            found.append(
                Case(
                    "cluster-network",
                    role,
                    "get",
                    read,
                    target=f"network:{name}",
                    url=cluster_url("cluster-network", name),
                    api=False,
                )
            )
            run = (302 if name in RUNS.get(role, ()) else 403) if visible else 404
            found.append(
                Case(
                    "cluster-network-run",
                    role,
                    "post",
                    run,
                    target=f"network:{name}",
                    url=cluster_url("cluster-network-run", name),
                    api=False,
                )
            )
            data = {}
            found.append(
                Case(
                    "api:network-analysis-list",
                    role,
                    "post",
                    create_status(role, name),
                    target=f"create:{name}",
                    url=create_url(name, data),
                    data=data,
                )
            )
    found.append(Case("api:network-analysis-list", ANON, "get", 401))
    found.append(Case("api:network-analysis-list", ANON, "post", 401, data={"cluster": 1}))
    for route in ("api:network-analysis-detail", "api:network-analysis-members"):
        found.append(
            Case(route, ANON, "get", 401, target="analysis:nanjing_cluster", url=analysis_url(route, "nanjing_cluster"))
        )
    for route in ("network-analysis-progress", "network-analysis-graph"):
        found.append(
            Case(
                route,
                ANON,
                "get",
                302,
                target="analysis:nanjing_cluster",
                url=analysis_url(route, "nanjing_cluster"),
                api=False,
            )
        )
    for route in ("cluster-network", "cluster-network-run"):
        found.append(
            Case(
                route,
                ANON,
                "get" if route == "cluster-network" else "post",
                302,
                target="network:nanjing_cluster",
                url=cluster_url(route, "nanjing_cluster"),
                api=False,
            )
        )
    return found
