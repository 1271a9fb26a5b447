"""Cluster profiles, tiers, chain links, milestones and the public register."""

from django.urls import reverse

from ..builders.profile import link_url, milestone_url, page_part_url
from ..cast import CLUSTERS, ROLES
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from ..cast import WRITABLE_CLUSTERS as WRITES
from .base import ANON, rows, table

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


# A row's targets: a cluster's name, or `<part>@<cluster>` for a chain link or milestone the case makes in it
# (`create@<cluster>`: a create naming the cluster).


def cluster_in(target):
    return target.split("@")[-1]


def part_url(route, target):
    """A page on a chain link or milestone (`chain-link@…`, `milestone@…`) of the cluster."""
    kind, name = target.split("@")
    return page_part_url(route, name, kind)


def api_part_url(route, target):
    make = link_url if "chain" in route else milestone_url
    return make(route, cluster_in(target))


def at(route, _target):
    return lambda world: reverse(route)


def write(ok=200):
    return lambda role, target: write_status(role, cluster_in(target), ok)


def read(role, target):
    return 200 if cluster_in(target) in VISIBLE[role] else 404


def ministry_of_visible(role, target):
    """The ministry's decision on a cluster it sees (all of them): another role seeing the cluster gets 403."""
    if cluster_in(target) not in VISIBLE[role]:
        return 404
    return 200 if role == "ministry" else 403


def create(role, target):
    return create_status(role, cluster_in(target))


def ministry(ok, other=403):
    return lambda role, _target: ok if role == "ministry" else other


def everyone(status):
    return lambda role, _target: status


def public(role, name):
    return 200 if name in PUBLIC else 404


def parts(route):
    return [f"{route}@{name}" for name in CLUSTERS]


PAGE_PARTS = (
    ("chain-link-edit", "chain-link"),
    ("milestone-edit", "milestone"),
    ("cluster-part-delete", "chain-link"),
    ("cluster-part-delete", "milestone"),
)
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def cases():
    return table(
        rows("api:cluster-list", "post", ministry(400)),
        # Registering a cluster is the ministry's: the page, and a post without a body answering on the form.
        rows("cluster-register", "get", ministry(200)),
        rows("cluster-register", "post", ministry(200)),
        *(rows(route, "get", everyone(200)) for route in ("api:chain-link-list", "api:milestone-list")),
        *(rows(route, "get", everyone(200)) for route in ("api:register-list", "register-list")),
        rows("api:cluster-detail", "patch", write(), targets=CLUSTERS, data={"summary": "更新的简介"}),
        rows(
            "api:cluster-tier",
            "post",
            ministry_of_visible,
            targets=CLUSTERS,
            data={"tier": "world_class", "reason": "测试"},
        ),
        rows(
            "api:cluster-governance",
            "post",
            ministry_of_visible,
            targets=CLUSTERS,
            data=lambda role, name: {"is_public": name not in PUBLIC, "reason": "测试"},
        ),
        rows("cluster-governance", "get", ministry_of_visible, targets=CLUSTERS),
        rows("cluster-edit", "get", write(), targets=CLUSTERS),
        rows("cluster-tier", "get", ministry_of_visible, targets=CLUSTERS),
        rows("chain-link-add", "get", write(), targets=CLUSTERS),
        rows("milestone-add", "get", write(), targets=CLUSTERS),
        *(
            rows(route, "get", write(), targets=[f"{kind}@{name}" for name in CLUSTERS], url=part_url)
            for route, kind in PAGE_PARTS
        ),
        *(
            table(
                rows(route, "get", read, targets=parts(route), url=api_part_url),
                rows(route, "patch", write(), targets=parts(route), url=api_part_url, data=body),
                rows(route, "delete", write(204), targets=parts(route), url=api_part_url),
            )
            for route, body in (("api:chain-link-detail", {"name": "改名"}), ("api:milestone-detail", {"title": "新"}))
        ),
        *(
            rows(
                route,
                "post",
                create,
                targets=[f"create@{name}" for name in CLUSTERS],
                url=at,
                data={"cluster": "__cluster__", **body},
            )
            for route, body in (
                ("api:chain-link-list", {"name": "新环节", "segment": "midstream"}),
                ("api:milestone-list", {"year": 2015, "kind": "policy", "title": "新政策"}),
            )
        ),
        # The public register: every visitor, the anonymous one too, reads the public clusters.
        *(
            rows(route, "get", public, roles=[*ROLES, ANON], targets=CLUSTERS)
            for route in ("api:register-detail", "register-detail")
        ),
        rows("api:register-list", "get", {ANON: 200}),
        rows("register-list", "get", {ANON: 200}),
        rows("cluster-register", "get", ANON_PAGE),
        rows("cluster-register", "post", ANON_PAGE),
        rows("api:chain-link-list", "get", ANON_API),
        rows("api:milestone-list", "get", ANON_API),
        rows(
            "api:cluster-tier", "post", ANON_API, targets=["nanjing_cluster"], data={"tier": "national", "reason": "x"}
        ),
        rows(
            "api:cluster-governance",
            "post",
            ANON_API,
            targets=["nanjing_cluster"],
            data={"is_public": False, "reason": "x"},
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=["nanjing_cluster"])
            for route in ("cluster-edit", "cluster-tier", "cluster-governance", "chain-link-add", "milestone-add")
        ),
    )
