"""Matrix cases of cluster members and collaborations (API and pages).

Two target clusters cover every outcome for every role: the Nanjing cluster (written by the Nanjing body,
seen by the ministry, Jiangsu and the Nanjing viewer) and the cross-region cluster (written by the Shenzhen
body, seen by the ministry, Jiangsu and Guangdong). Each case creates the rows it needs; a case's `data`
dict is filled in by its `url` function when the body needs their ids.
"""

from django.urls import reverse

from ..builders.members import (
    api_collaboration_create,
    api_member_create,
    collaboration_url,
    member_url,
    member_year_url,
)
from ..cast import ROLES, VISIBLE_CLUSTERS, WRITABLE_CLUSTERS
from ..factories import credit_code
from .base import ANON, rows, table

TARGETS = ("nanjing_cluster", "cross_cluster")
SEEN_BY = {name: {role for role in ROLES if name in VISIBLE_CLUSTERS[role]} for name in TARGETS}
WRITER = {name: role for role, names in WRITABLE_CLUSTERS.items() for name in names if name in TARGETS}
CLUSTER_BODIES = set(WRITABLE_CLUSTERS)


def expected(role, cluster, *, write=False, done=200):
    if role not in SEEN_BY[cluster]:
        return 404
    if not write:
        return 200
    return done if role == WRITER[cluster] else 403


def create_expected(role, cluster):
    """API creates name the cluster in the body: a body writing another tenant's cluster gets a field error."""
    if role == WRITER[cluster]:
        return 201
    return 400 if role in CLUSTER_BODIES else 403


def cluster_page_url(route, cluster):
    return lambda world: reverse(route, args=[world.clusters[cluster].pk])


# A row's targets: `<cluster>-rows` (rows of the cluster the case creates), `<cluster>-new-member` and
# `<cluster>-new-collaboration` (a create naming the cluster), or the cluster's name (the anonymous cases).


def cluster_of(target):
    return target.split("-")[0]


def on_cluster(url):
    """A URL function of the builders (route, cluster, ...) as one of a row's (route, target)."""
    return lambda route, target: url(route, cluster_of(target))


def page_member(route, target):
    return member_url(route, cluster_of(target), False)


def page_collaboration(route, target):
    return collaboration_url(route, cluster_of(target), api=False)


def page_collaboration_edit(route, target, body):
    return collaboration_url(route, cluster_of(target), api=False, data=body)


def member_create(route, target, body):
    return api_member_create(cluster_of(target), body)


def collaboration_create(route, target, body):
    return api_collaboration_create(cluster_of(target), body)


def in_year(year):
    return lambda route, target: member_year_url(route, cluster_of(target), year)


def read(role, target):
    return expected(role, cluster_of(target))


def write(done=200):
    return lambda role, target: expected(role, cluster_of(target), write=True, done=done)


def create(role, target):
    return create_expected(role, cluster_of(target))


ROWS = [f"{cluster}-rows" for cluster in TARGETS]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}
ANON_TARGET = ["nanjing_cluster"]
MEMBER_PAGE_ADD = {"name": "页面新成员", "kind": "enterprise", "is_local": "on", "credit_code": credit_code(990002)}


def api_cases():
    return table(
        rows("api:member-list", "get", {**dict.fromkeys(ROLES, 200), ANON: 401}),
        rows("api:collaboration-list", "get", {**dict.fromkeys(ROLES, 200), ANON: 401}),
        rows("api:member-list", "post", ANON_API, data={"name": "x"}),
        rows("api:collaboration-list", "post", ANON_API, data={"kind": "supply"}),
        rows("api:member-list", "post", create, targets=[f"{c}-new-member" for c in TARGETS], fills=member_create),
        rows(
            "api:collaboration-list",
            "post",
            create,
            targets=[f"{c}-new-collaboration" for c in TARGETS],
            fills=collaboration_create,
        ),
        rows("api:member-detail", "get", read, targets=ROWS, url=on_cluster(member_url)),
        rows(
            "api:member-detail", "patch", write(), targets=ROWS, url=on_cluster(member_url), data={"name": "改名企业"}
        ),
        rows("api:member-detail", "delete", write(204), targets=ROWS, url=on_cluster(member_url)),
        rows("api:collaboration-detail", "get", read, targets=ROWS, url=on_cluster(collaboration_url)),
        rows(
            "api:collaboration-detail",
            "patch",
            write(),
            targets=ROWS,
            url=on_cluster(collaboration_url),
            data={"year": 2022},
        ),
        rows("api:collaboration-detail", "delete", write(204), targets=ROWS, url=on_cluster(collaboration_url)),
        *(
            rows(route, method, ANON_API, targets=ANON_TARGET, url=on_cluster(url))
            for method in ("get", "patch", "delete")
            for route, url in (("api:member-detail", member_url), ("api:collaboration-detail", collaboration_url))
        ),
        # A member's figures by year: read with the member, written by the member's writer.
        rows("api:member-years", "get", read, targets=ROWS, url=in_year(None)),
        rows("api:member-year", "get", read, targets=ROWS, url=in_year(2024)),
        rows(
            "api:member-year",
            "patch",
            write(),
            targets=ROWS,
            url=in_year(2023),
            data={"revenue": "120.00", "is_leading": True},
        ),
        rows("api:member-year-history", "get", read, targets=ROWS, url=in_year(2024)),
        rows("api:member-years", "get", ANON_API, targets=ANON_TARGET, url=in_year(None)),
        *(
            rows(route, method, ANON_API, targets=ANON_TARGET, url=in_year(2024))
            for route, method in (
                ("api:member-year", "get"),
                ("api:member-year", "patch"),
                ("api:member-year-history", "get"),
            )
        ),
    )


def page_cases():
    return table(
        *(
            rows(route, "get", read, targets=ROWS, url=on_cluster(cluster_page_url))
            for route in ("cluster-member-list", "cluster-member-suggest", "cluster-collaboration-list")
        ),
        *(
            rows(route, "get", write(), targets=ROWS, url=on_cluster(cluster_page_url))
            for route in ("cluster-member-add", "cluster-collaboration-add")
        ),
        rows(
            "cluster-member-add",
            "post",
            write(302),
            targets=ROWS,
            url=on_cluster(cluster_page_url),
            data=MEMBER_PAGE_ADD,
        ),
        # An empty form comes back with its field errors.
        rows("cluster-collaboration-add", "post", write(), targets=ROWS, url=on_cluster(cluster_page_url)),
        rows("cluster-collaboration-edit", "get", write(), targets=ROWS, url=page_collaboration),
        rows("cluster-collaboration-edit", "post", write(302), targets=ROWS, fills=page_collaboration_edit),
        rows("cluster-collaboration-delete", "get", write(), targets=ROWS, url=page_collaboration),
        rows("cluster-collaboration-delete", "post", write(302), targets=ROWS, url=page_collaboration),
        rows("cluster-member-detail", "get", read, targets=ROWS, url=page_member),
        rows("cluster-member-edit", "get", write(), targets=ROWS, url=page_member),
        rows(
            "cluster-member-edit",
            "post",
            write(302),
            targets=ROWS,
            url=page_member,
            data={"name": "页面改名", "kind": "university"},
        ),
        rows("cluster-member-delete", "get", write(), targets=ROWS, url=page_member),
        rows("cluster-member-delete", "post", write(302), targets=ROWS, url=page_member),
        *(
            rows(route, "get", ANON_PAGE, targets=ANON_TARGET, url=on_cluster(cluster_page_url))
            for route in (
                "cluster-member-list",
                "cluster-member-suggest",
                "cluster-member-add",
                "cluster-collaboration-list",
                "cluster-collaboration-add",
            )
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=ANON_TARGET, url=page_member)
            for route in ("cluster-member-detail", "cluster-member-edit", "cluster-member-delete")
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=ANON_TARGET, url=page_collaboration)
            for route in ("cluster-collaboration-edit", "cluster-collaboration-delete")
        ),
    )


def cases():
    return api_cases() + page_cases()
