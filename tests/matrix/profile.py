"""Cluster profiles, tiers, chain links, milestones and the public register."""

from django.urls import reverse

from ..builders.profile import link_url, milestone_url, page_part_url
from ..cast import CLUSTERS, ROLES
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from ..cast import WRITABLE_CLUSTERS as WRITES
from .base import ANON, Case

PUBLIC = {"nanjing_cluster", "wuxi_cluster", "shenzhen_cluster", "cross_cluster"}


def write_status(role, name, ok=200):
    if name not in VISIBLE[role]:
        return 404
    return ok if name in WRITES.get(role, set()) else 403


def create_status(role, name):
    """Creating a chain link or milestone: only a promotion body's editors create at all (403 for anyone else);
    naming a cluster it does not see is a field error (400), one it sees but does not promote a 403."""
    if role not in WRITES:
        return 403
    return write_status(role, name, 201) if name in VISIBLE[role] else 400


def cases():
    found = []
    for role in ROLES:
        found.append(Case("api:cluster-list", role, "post", 400 if role == "ministry" else 403, data={}))
        # Registering a cluster is the ministry's: the page, and a post without a body answering on the form.
        found.append(Case("cluster-register", role, "get", 200 if role == "ministry" else 403, api=False))
        found.append(Case("cluster-register", role, "post", 200 if role == "ministry" else 403, api=False))
        found.append(Case("api:chain-link-list", role, "get", 200))
        found.append(Case("api:milestone-list", role, "get", 200))
        found.append(Case("api:register-list", role, "get", 200))
        found.append(Case("register-list", role, "get", 200, api=False))
        for name in CLUSTERS:
            visible = name in VISIBLE[role]
            found.append(
                Case(
                    "api:cluster-detail",
                    role,
                    "patch",
                    write_status(role, name),
                    target=name,
                    data={"summary": "更新的简介"},
                )
            )
            found.append(
                Case(
                    "api:cluster-tier",
                    role,
                    "post",
                    (200 if role == "ministry" else 403) if visible else 404,
                    target=name,
                    data={"tier": "world_class", "reason": "测试"},
                )
            )
            ministry_only = (200 if role == "ministry" else 403) if visible else 404
            found.append(
                Case(
                    "api:cluster-governance",
                    role,
                    "post",
                    ministry_only,
                    target=name,
                    data={"is_public": name not in PUBLIC, "reason": "测试"},
                )
            )
            found.append(Case("cluster-governance", role, "get", ministry_only, target=name, api=False))
            found.append(Case("cluster-edit", role, "get", write_status(role, name), target=name, api=False))
            found.append(
                Case(
                    "cluster-tier",
                    role,
                    "get",
                    (200 if role == "ministry" else 403) if visible else 404,
                    target=name,
                    api=False,
                )
            )
            found.append(Case("chain-link-add", role, "get", write_status(role, name), target=name, api=False))
            found.append(Case("milestone-add", role, "get", write_status(role, name), target=name, api=False))
            for route, kind in (
                ("chain-link-edit", "chain-link"),
                ("milestone-edit", "milestone"),
                ("cluster-part-delete", "chain-link"),
                ("cluster-part-delete", "milestone"),
            ):
                found.append(
                    Case(
                        route,
                        role,
                        "get",
                        write_status(role, name),
                        target=f"{kind}@{name}",
                        url=page_part_url(route, name, kind),
                        api=False,
                    )
                )
            for route, make in (("api:chain-link-detail", link_url), ("api:milestone-detail", milestone_url)):
                found.append(
                    Case(route, role, "get", 200 if visible else 404, target=f"{route}@{name}", url=make(route, name))
                )
                found.append(
                    Case(
                        route,
                        role,
                        "patch",
                        write_status(role, name),
                        target=f"{route}@{name}",
                        url=make(route, name),
                        data={"name": "改名"} if "chain" in route else {"title": "新"},
                    )
                )
                found.append(
                    Case(
                        route,
                        role,
                        "delete",
                        write_status(role, name, 204),
                        target=f"{route}@{name}",
                        url=make(route, name),
                    )
                )
            for route, data in (
                ("api:chain-link-list", {"name": "新环节", "segment": "midstream"}),
                ("api:milestone-list", {"year": 2015, "kind": "policy", "title": "新政策"}),
            ):
                found.append(
                    Case(
                        route,
                        role,
                        "post",
                        create_status(role, name),
                        target=f"create@{name}",
                        url=lambda world, route=route: reverse(route),
                        data={"cluster": "__cluster__", **data},
                    )
                )
    for role in [*ROLES, ANON]:
        for name in CLUSTERS:
            status = 200 if name in PUBLIC else 404
            found.append(Case("api:register-detail", role, "get", status, target=name))
            found.append(Case("register-detail", role, "get", status, target=name, api=False))
    found += [
        Case("api:register-list", ANON, "get", 200),
        Case("register-list", ANON, "get", 200, api=False),
        Case("cluster-register", ANON, "get", 302, api=False),
        Case("cluster-register", ANON, "post", 302, api=False),
        Case("api:chain-link-list", ANON, "get", 401),
        Case("api:milestone-list", ANON, "get", 401),
        Case("api:cluster-tier", ANON, "post", 401, target="nanjing_cluster", data={"tier": "national", "reason": "x"}),
        Case("cluster-edit", ANON, "get", 302, target="nanjing_cluster", api=False),
        Case("cluster-tier", ANON, "get", 302, target="nanjing_cluster", api=False),
        Case(
            "api:cluster-governance",
            ANON,
            "post",
            401,
            target="nanjing_cluster",
            data={"is_public": False, "reason": "x"},
        ),
        Case("cluster-governance", ANON, "get", 302, target="nanjing_cluster", api=False),
        Case("chain-link-add", ANON, "get", 302, target="nanjing_cluster", api=False),
        Case("milestone-add", ANON, "get", 302, target="nanjing_cluster", api=False),
    ]
    return found
