"""Matrix cases of the observation platform: indicators, observations (API and pages, evidence
downloads, exports), the comparison page and the six-mechanism diagnostic."""

from django.urls import reverse

from ..builders.observations import catalogue_url, observation_url
from ..cast import CLUSTERS, ROLES
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from ..cast import WRITABLE_CLUSTERS as WRITES
from .base import ANON, Case


def read_status(role, cluster):
    return 200 if cluster in VISIBLE[role] else 404


def write_status(role, cluster, success):
    if cluster not in VISIBLE[role]:
        return 404
    return success if cluster in WRITES.get(role, set()) else 403


# Who verifies a cluster's observations: the ministry all, a government those in its jurisdiction.
VERIFIES = {"ministry": set(CLUSTERS), "jiangsu": VISIBLE["jiangsu"], "guangdong": VISIBLE["guangdong"]}


def verify_status(role, cluster, success):
    if cluster not in VISIBLE[role]:
        return 404
    return success if cluster in VERIFIES.get(role, set()) else 403


def cluster_url(route, cluster_name, *extra_args):
    return lambda world: reverse(route, args=[world.clusters[cluster_name].pk, *extra_args])


def compare_url(route, cluster_names, *args):
    def make(world):
        ids = ",".join(str(world.clusters[name].pk) for name in cluster_names)
        return f"{reverse(route, args=list(args))}?clusters={ids}&indicator=revenue"

    return make


def cases():
    cases = []
    for role in ROLES:
        cases += [
            Case("api:indicator-list", role, "get", 200),
            Case("api:indicator-detail", role, "get", 200, target="indicator:revenue", url=catalogue_url),
            Case("api:observation-list", role, "get", 200),
            Case(
                "api:observation-list",
                role,
                "post",
                400 if role in WRITES else 403,  # 400: an empty body, nothing created
                data={},
            ),
            Case("cluster-compare", role, "get", 200, api=False),
            Case("observation-queue", role, "get", 200 if role in VERIFIES else 403, api=False),
        ]
        for name in CLUSTERS:
            read = read_status(role, name)
            cases += [
                Case("api:diagnostic-detail", role, "get", read, target=name),
                Case("cluster-indicators", role, "get", read, target=name, api=False),
                Case("cluster-diagnostic", role, "get", read, target=name, api=False),
                Case(
                    "cluster-indicators-export",
                    role,
                    "get",
                    read,
                    target=f"xlsx:{name}",
                    api=False,
                    url=cluster_url("cluster-indicators-export", name, "xlsx"),
                ),
                Case(
                    "cluster-compare",
                    role,
                    "get",
                    read,
                    target=f"compare:{name}",
                    api=False,
                    url=compare_url("cluster-compare", [name]),
                ),
                Case(
                    "cluster-compare-export",
                    role,
                    "get",
                    read,
                    target=f"compare-xlsx:{name}",
                    api=False,
                    url=compare_url("cluster-compare-export", [name], "xlsx"),
                ),
                Case("observation-add", role, "get", write_status(role, name, 200), target=name, api=False),
                Case(
                    "observation-add",
                    role,
                    "post",
                    write_status(role, name, 400),  # 400: an empty form, nothing created
                    target=name,
                    api=False,
                ),
            ]
            for route in ("api:observation-detail", "api:observation-history"):
                cases.append(
                    Case(route, role, "get", read, target=f"obs:{name}", url=observation_url(route, name, api=True))
                )
            cases.append(
                Case(
                    "api:observation-evidence",
                    role,
                    "get",
                    read,
                    target=f"evidence:{name}",
                    url=observation_url("api:observation-evidence", name, api=True, evidence=True),
                )
            )
            cases += [
                Case(
                    "api:observation-detail",
                    role,
                    "patch",
                    write_status(role, name, 200),
                    target=f"obs:{name}",
                    data={"value": "7.5"},
                    url=observation_url("api:observation-detail", name, api=True),
                ),
                Case(
                    "api:observation-detail",
                    role,
                    "delete",
                    write_status(role, name, 204),
                    target=f"obs:{name}",
                    url=observation_url("api:observation-detail", name, api=True),
                ),
            ]
            for route in ("observation-history", "observation-evidence"):
                cases.append(
                    Case(
                        route,
                        role,
                        "get",
                        read,
                        target=f"obs:{name}",
                        api=False,
                        url=observation_url(route, name, api=False, evidence=True),
                    )
                )
            for route in ("observation-edit", "observation-delete"):
                cases.append(
                    Case(
                        route,
                        role,
                        "get",
                        write_status(role, name, 200),
                        target=f"obs:{name}",
                        api=False,
                        url=observation_url(route, name, api=False),
                    )
                )
            cases.append(
                Case(
                    "observation-detail",
                    role,
                    "get",
                    read,
                    target=f"obs:{name}",
                    api=False,
                    url=observation_url("observation-detail", name, api=False),
                )
            )
            for api in (True, False):
                prefix = "api:" if api else ""
                cases += [
                    Case(
                        f"{prefix}observation-submit",
                        role,
                        "post",
                        write_status(role, name, 200 if api else 302),
                        target=f"obs:{name}",
                        api=api,
                        url=observation_url(f"{prefix}observation-submit", name, api=api),
                    ),
                    Case(
                        f"{prefix}observation-verify",
                        role,
                        "post",
                        verify_status(role, name, 200 if api else 302),
                        target=f"obs:{name}",
                        api=api,
                        url=observation_url(f"{prefix}observation-verify", name, api=api, status="submitted"),
                    ),
                    Case(
                        f"{prefix}observation-return",
                        role,
                        "post",
                        verify_status(role, name, 200 if api else 302),
                        target=f"obs:{name}",
                        data={"comment": "check the yearbook"},
                        api=api,
                        url=observation_url(f"{prefix}observation-return", name, api=api, status="submitted"),
                    ),
                ]
            cases += [
                Case(
                    "observation-edit",
                    role,
                    "post",
                    write_status(role, name, 302),
                    target=f"obs:{name}",
                    data={"indicator": "revenue", "year": "2024", "value": "1"},
                    api=False,
                    url=observation_url("observation-edit", name, api=False),
                ),
                Case(
                    "observation-delete",
                    role,
                    "post",
                    write_status(role, name, 302),
                    target=f"obs:{name}",
                    api=False,
                    url=observation_url("observation-delete", name, api=False),
                ),
            ]
    # Anonymous: the API asks for credentials, the pages for a sign-in.
    cases += [
        Case("api:indicator-list", ANON, "get", 401),
        Case("api:indicator-detail", ANON, "get", 401, target="indicator:revenue", url=catalogue_url),
        Case("api:observation-list", ANON, "get", 401),
        Case("api:observation-list", ANON, "post", 401, data={}),
        Case("api:diagnostic-detail", ANON, "get", 401, target="nanjing_cluster"),
    ]
    for route in ("api:observation-detail", "api:observation-history", "api:observation-evidence"):
        cases.append(
            Case(
                route,
                ANON,
                "get",
                401,
                target="obs:nanjing_cluster",
                url=observation_url(route, "nanjing_cluster", api=True, evidence=True),
            )
        )
    for route in ("cluster-indicators", "cluster-diagnostic", "observation-add"):
        cases.append(Case(route, ANON, "get", 302, target="nanjing_cluster", api=False))
    cases.append(Case("observation-queue", ANON, "get", 302, api=False))
    for route in ("observation-submit", "observation-verify", "observation-return"):
        for api in (True, False):
            name = f"api:{route}" if api else route
            cases.append(
                Case(
                    name,
                    ANON,
                    "post",
                    401 if api else 302,
                    target="obs:nanjing_cluster",
                    api=api,
                    url=observation_url(name, "nanjing_cluster", api=api, status="submitted"),
                )
            )
    cases.append(
        Case(
            "observation-detail",
            ANON,
            "get",
            302,
            target="obs:nanjing_cluster",
            api=False,
            url=observation_url("observation-detail", "nanjing_cluster", api=False),
        )
    )
    cases += [
        Case("cluster-compare", ANON, "get", 302, api=False),
        Case(
            "cluster-compare-export",
            ANON,
            "get",
            302,
            target="compare-xlsx:nanjing_cluster",
            api=False,
            url=compare_url("cluster-compare-export", ["nanjing_cluster"], "xlsx"),
        ),
        Case(
            "cluster-indicators-export",
            ANON,
            "get",
            302,
            target="xlsx:nanjing_cluster",
            api=False,
            url=cluster_url("cluster-indicators-export", "nanjing_cluster", "xlsx"),
        ),
    ]
    for route in ("observation-edit", "observation-delete", "observation-history", "observation-evidence"):
        cases.append(
            Case(
                route,
                ANON,
                "get",
                302,
                target="obs:nanjing_cluster",
                api=False,
                url=observation_url(route, "nanjing_cluster", api=False, evidence=True),
            )
        )
    return cases
