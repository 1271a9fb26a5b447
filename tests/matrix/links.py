"""Matrix cases of collaborations between clusters (exchange/links: API and pages) and of the network of clusters.

A collaboration is read by the bodies that promote either of its clusters, the governments whose jurisdiction
holds either cluster and the ministry (tests/cast.py); the other cluster's body's editors confirm or refuse it, the
proposing body's editors withdraw it. Each case makes its collaboration through the services
(tests/builders/links.py). Another tenant's collaboration is a 404, a visible one the role may not step a 403, a
step the state does not allow a 409 (API) or a redirect back with a message (pages).
"""

from django.urls import reverse

from ..builders.exports import export_request
from ..builders.links import make_link, member_of
from ..cast import JURISDICTION, LOCAL_GOVERNMENTS, MEMBERS, PROMOTES, WRITABLE_CLUSTERS
from .base import ANON, rows, table

LINKS = {
    "sz-nj-pending": ("shenzhen_cluster", "nanjing_cluster", "pending"),
    "nj-wx-pending": ("nanjing_cluster", "wuxi_cluster", "pending"),
    "nj-sz-confirmed": ("nanjing_cluster", "shenzhen_cluster", "confirmed"),
    "sz-cross-confirmed": ("shenzhen_cluster", "cross_cluster", "confirmed"),  # one body promotes both
    "sz-nj-refused": ("shenzhen_cluster", "nanjing_cluster", "refused"),
    "nj-sz-withdrawn": ("nanjing_cluster", "shenzhen_cluster", "withdrawn"),
}
ALL = list(LINKS)
FEW = ["sz-nj-pending", "nj-wx-pending"]
BODY_EDITORS = set(WRITABLE_CLUSTERS)
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def sees(role, name):
    source, target, _state = LINKS[name]
    ends = {source, target}
    if role == "ministry":
        return True
    if role in LOCAL_GOVERNMENTS:
        return bool(ends & JURISDICTION[role])
    return bool(ends & PROMOTES.get(role, set()))


def writes(role, cluster):
    return cluster in WRITABLE_CLUSTERS.get(role, set())


def step(end, states, success, refused):
    """A step taken by the editors of the body at `end` (source or target) in one of `states`."""

    def expect(role, name):
        source, target, state = LINKS[name]
        if not sees(role, name):
            return 404
        if not writes(role, source if end == "source" else target):
            return 403
        return success if state in states else refused

    return expect


def read(role, name):
    return 200 if sees(role, name) else 404


def link_url(route, name, *extra):
    def make(world):
        source, target, state = LINKS[name]
        link = make_link(world, source=source, target=target, state=state)
        return reverse(route, args=[link.pk, *extra])

    return make


def step_url(step_name):
    return lambda route, name: link_url(route, name, step_name)


def at(route, _target):
    return lambda world: reverse(route)


def proposal(route, target, body):
    """A valid proposal from a new Shenzhen member to a new Nanjing member (ids filled in once made)."""

    def make(world):
        source = member_of(world, "shenzhen_cluster")
        other = member_of(world, "nanjing_cluster")
        body.update(
            source=source.pk,
            target_cluster=world.nanjing_cluster.pk,
            target_credit_code=other.credit_code,
            kind="supply",
            value="800",
            year=2023,
        )
        return reverse(route)

    return make


def page_proposal(route, target, body):
    def make(world):
        source = member_of(world, "shenzhen_cluster")
        other = member_of(world, "nanjing_cluster")
        body.update(
            source=f"{source.name} · {source.credit_code}",
            target_cluster=world.nanjing_cluster.pk,
            target_credit_code=other.credit_code,
            kind="rd",
            year=2023,
        )
        return reverse(route) + f"?cluster={world.shenzhen_cluster.pk}"

    return make


body_editor_or = lambda success, otherwise: lambda role, _t: success if role in BODY_EDITORS else otherwise  # noqa: E731
network_roles = lambda role, _t: 200 if role in ("ministry", *LOCAL_GOVERNMENTS) else 403  # noqa: E731
REASON = {"reason": "我方无此合作。"}


def api_cases():
    return table(
        rows("api:cluster-link-list", "get", lambda role, _: 200),
        rows("api:cluster-link-list", "get", ANON_API),
        rows("api:cluster-link-list", "post", body_editor_or(400, 403), targets=["empty"], url=at),
        rows(
            "api:cluster-link-list",
            "post",
            {"shenzhen_body": 201, "nanjing_body": 400, "nanjing_viewer": 403, "ministry": 403, "jiangsu": 403},
            targets=["proposal"],
            fills=proposal,
        ),
        rows("api:cluster-link-list", "post", ANON_API),
        rows("api:cluster-link-detail", "get", read, targets=ALL, url=link_url),
        rows("api:cluster-link-history", "get", read, targets=FEW, url=link_url),
        rows("api:cluster-link-confirm", "post", step("target", ("pending",), 200, 409), targets=ALL, url=link_url),
        rows(
            "api:cluster-link-refuse",
            "post",
            step("target", ("pending",), 200, 409),
            targets=ALL,
            url=link_url,
            data=REASON,
        ),
        rows(
            "api:cluster-link-withdraw",
            "post",
            step("source", ("pending", "confirmed"), 200, 409),
            targets=ALL,
            url=link_url,
        ),
        *(
            rows(route, "get", ANON_API, targets=["sz-nj-pending"], url=link_url)
            for route in ("api:cluster-link-detail", "api:cluster-link-history")
        ),
        *(
            rows(route, "post", ANON_API, targets=["sz-nj-pending"], url=link_url)
            for route in ("api:cluster-link-confirm", "api:cluster-link-refuse", "api:cluster-link-withdraw")
        ),
        rows("api:cluster-network-national", "get", network_roles),
        rows("api:cluster-network-national", "get", ANON_API),
    )


def page_cases():
    return table(
        rows("cluster-link-list", "get", lambda role, _: 200 if role in MEMBERS else 403),
        rows(
            "export-new",
            "post",
            lambda role, _: 302 if role in MEMBERS else 403,
            targets=["cluster-links"],
            fills=export_request("exchange.links"),
        ),
        rows("cluster-link-add", "get", body_editor_or(200, 403)),
        rows("cluster-link-add", "post", body_editor_or(400, 403), targets=["empty"], url=at),
        rows("cluster-link-add", "post", {"shenzhen_body": 302}, targets=["proposal"], fills=page_proposal),
        rows("cluster-link-detail", "get", read, targets=ALL, url=link_url),
        rows(
            "cluster-link-step",
            "get",
            step("target", ("pending",), 200, 302),
            targets=ALL,
            url=step_url("confirm"),
        ),
        rows(
            "cluster-link-step",
            "get",
            step("source", ("pending", "confirmed"), 200, 302),
            targets=FEW,
            url=step_url("withdraw"),
        ),
        rows(
            "cluster-link-step",
            "post",
            step("target", ("pending",), 302, 302),
            targets=["sz-nj-pending", "sz-nj-refused"],
            url=step_url("refuse"),
            data=REASON,
        ),
        rows(
            "cluster-link-step",
            "post",
            step("target", ("pending",), 302, 302),
            targets=["nj-wx-pending", "nj-sz-confirmed"],
            url=step_url("confirm"),
        ),
        rows("cluster-network-page", "get", network_roles),
        rows("cluster-network-graph", "get", network_roles),
        *(
            rows(route, "get", ANON_PAGE)
            for route in ("cluster-link-list", "cluster-link-add", "cluster-network-page", "cluster-network-graph")
        ),
        rows("cluster-link-add", "post", ANON_PAGE),
        rows("cluster-link-detail", "get", ANON_PAGE, targets=["sz-nj-pending"], url=link_url),
        *(
            rows("cluster-link-step", method, ANON_PAGE, targets=["sz-nj-pending"], url=step_url("confirm"))
            for method in ("get", "post")
        ),
    )


def cases():
    return api_cases() + page_cases()
