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
from .base import ANON, Case

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


def member_year_cases(role, cluster):
    """A member's figures by year: read with the member, written by the member's writer."""
    target = f"{cluster}-rows"
    return [
        Case(
            "api:member-years",
            role,
            "get",
            expected(role, cluster),
            target,
            url=member_year_url("api:member-years", cluster),
        ),
        Case(
            "api:member-year",
            role,
            "get",
            expected(role, cluster),
            target,
            url=member_year_url("api:member-year", cluster, 2024),
        ),
        Case(
            "api:member-year",
            role,
            "patch",
            expected(role, cluster, write=True),
            target,
            data={"revenue": "120.00", "is_leading": True},
            url=member_year_url("api:member-year", cluster, 2023),
        ),
        Case(
            "api:member-year-history",
            role,
            "get",
            expected(role, cluster),
            target,
            url=member_year_url("api:member-year-history", cluster, 2024),
        ),
    ]


def cluster_page_url(route, cluster):
    return lambda world: reverse(route, args=[world.clusters[cluster].pk])


def api_cases(role, cluster):
    target = f"{cluster}-rows"
    create_member, create_collaboration = {}, {}
    return [
        Case(
            "api:member-list",
            role,
            "post",
            create_expected(role, cluster),
            target=f"{cluster}-new-member",
            data=create_member,
            url=api_member_create(cluster, create_member),
        ),
        Case(
            "api:member-detail",
            role,
            "get",
            expected(role, cluster),
            target,
            url=member_url("api:member-detail", cluster),
        ),
        Case(
            "api:member-detail",
            role,
            "patch",
            expected(role, cluster, write=True),
            target,
            data={"name": "改名企业"},
            url=member_url("api:member-detail", cluster),
        ),
        Case(
            "api:member-detail",
            role,
            "delete",
            expected(role, cluster, write=True, done=204),
            target,
            url=member_url("api:member-detail", cluster),
        ),
        Case(
            "api:collaboration-list",
            role,
            "post",
            create_expected(role, cluster),
            target=f"{cluster}-new-collaboration",
            data=create_collaboration,
            url=api_collaboration_create(cluster, create_collaboration),
        ),
        Case(
            "api:collaboration-detail",
            role,
            "get",
            expected(role, cluster),
            target,
            url=collaboration_url("api:collaboration-detail", cluster),
        ),
        Case(
            "api:collaboration-detail",
            role,
            "patch",
            expected(role, cluster, write=True),
            target,
            data={"year": 2022},
            url=collaboration_url("api:collaboration-detail", cluster),
        ),
        Case(
            "api:collaboration-detail",
            role,
            "delete",
            expected(role, cluster, write=True, done=204),
            target,
            url=collaboration_url("api:collaboration-detail", cluster),
        ),
    ]


def page_cases(role, cluster):
    target = f"{cluster}-rows"
    read = expected(role, cluster)
    form = expected(role, cluster, write=True)
    saved = expected(role, cluster, write=True, done=302)
    edit_collaboration = {}
    cases = [
        Case(
            "cluster-member-list",
            role,
            "get",
            read,
            target,
            api=False,
            url=cluster_page_url("cluster-member-list", cluster),
        ),
        Case(
            "cluster-member-suggest",
            role,
            "get",
            read,
            target,
            api=False,
            url=cluster_page_url("cluster-member-suggest", cluster),
        ),
        Case(
            "cluster-member-add",
            role,
            "get",
            form,
            target,
            api=False,
            url=cluster_page_url("cluster-member-add", cluster),
        ),
        Case(
            "cluster-member-add",
            role,
            "post",
            saved,
            target,
            data={"name": "页面新成员", "kind": "enterprise", "is_local": "on", "credit_code": credit_code(990002)},
            api=False,
            url=cluster_page_url("cluster-member-add", cluster),
        ),
        Case(
            "cluster-collaboration-list",
            role,
            "get",
            read,
            target,
            api=False,
            url=cluster_page_url("cluster-collaboration-list", cluster),
        ),
        Case(
            "cluster-collaboration-add",
            role,
            "get",
            form,
            target,
            api=False,
            url=cluster_page_url("cluster-collaboration-add", cluster),
        ),
        Case(
            "cluster-collaboration-add",
            role,
            "post",
            form,  # an empty form comes back with its field errors
            target,
            data={},
            api=False,
            url=cluster_page_url("cluster-collaboration-add", cluster),
        ),
        Case(
            "cluster-collaboration-edit",
            role,
            "get",
            form,
            target,
            api=False,
            url=collaboration_url("cluster-collaboration-edit", cluster, api=False),
        ),
        Case(
            "cluster-collaboration-edit",
            role,
            "post",
            saved,
            target,
            data=edit_collaboration,
            api=False,
            url=collaboration_url("cluster-collaboration-edit", cluster, api=False, data=edit_collaboration),
        ),
        Case(
            "cluster-collaboration-delete",
            role,
            "get",
            form,
            target,
            api=False,
            url=collaboration_url("cluster-collaboration-delete", cluster, api=False),
        ),
        Case(
            "cluster-collaboration-delete",
            role,
            "post",
            saved,
            target,
            api=False,
            url=collaboration_url("cluster-collaboration-delete", cluster, api=False),
        ),
    ]
    for route, method, status, data in (
        ("cluster-member-detail", "get", read, {}),
        ("cluster-member-edit", "get", form, {}),
        ("cluster-member-edit", "post", saved, {"name": "页面改名", "kind": "university"}),
        ("cluster-member-delete", "get", form, {}),
        ("cluster-member-delete", "post", saved, {}),
    ):
        cases.append(
            Case(route, role, method, status, target, data=data, api=False, url=member_url(route, cluster, False))
        )
    return cases


def anonymous_cases():
    cluster = "nanjing_cluster"
    cases = [
        Case("api:member-list", ANON, "get", 401),
        Case("api:member-list", ANON, "post", 401, data={"name": "x"}),
        Case("api:collaboration-list", ANON, "get", 401),
        Case("api:collaboration-list", ANON, "post", 401, data={"kind": "supply"}),
    ]
    for route, method, year in (
        ("api:member-years", "get", None),
        ("api:member-year", "get", 2024),
        ("api:member-year", "patch", 2024),
        ("api:member-year-history", "get", 2024),
    ):
        cases.append(Case(route, ANON, method, 401, cluster, url=member_year_url(route, cluster, year)))
    for method in ("get", "patch", "delete"):
        cases.append(
            Case("api:member-detail", ANON, method, 401, cluster, url=member_url("api:member-detail", cluster))
        )
        cases.append(
            Case(
                "api:collaboration-detail",
                ANON,
                method,
                401,
                cluster,
                url=collaboration_url("api:collaboration-detail", cluster),
            )
        )
    for route in (
        "cluster-member-list",
        "cluster-member-suggest",
        "cluster-member-add",
        "cluster-collaboration-list",
        "cluster-collaboration-add",
    ):
        cases.append(Case(route, ANON, "get", 302, cluster, api=False, url=cluster_page_url(route, cluster)))
    for route in ("cluster-member-detail", "cluster-member-edit", "cluster-member-delete"):
        cases.append(Case(route, ANON, "get", 302, cluster, api=False, url=member_url(route, cluster, False)))
    for route in ("cluster-collaboration-edit", "cluster-collaboration-delete"):
        cases.append(
            Case(route, ANON, "get", 302, cluster, api=False, url=collaboration_url(route, cluster, api=False))
        )
    return cases


def cases():
    found = anonymous_cases()
    for role in ROLES:
        found.append(Case("api:member-list", role, "get", 200))
        found.append(Case("api:collaboration-list", role, "get", 200))
        for cluster in SEEN_BY:
            found += api_cases(role, cluster) + page_cases(role, cluster) + member_year_cases(role, cluster)
    return found
