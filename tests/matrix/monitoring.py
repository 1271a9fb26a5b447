"""The annual monitoring evaluation: the cross-tenant matrix cases of its pages and API routes, on the data
tests/builders/monitoring.py builds (a succeeded evaluation of every cluster of the world, all tiers, with a
warning).

Who reads what (DESIGN §2, issue 6): the ministry every evaluation and result; a local government the succeeded
evaluations and the results of clusters in its jurisdiction; a cluster body those of its own clusters; the expert
nothing. Methods are readable by every organisation; the ministry's editors run evaluations and add versions.
"""

from django.urls import reverse

from ..builders.monitoring import evaluation_url, method_url, plain_url, result_url
from ..cast import MEMBERS, ROLES, VISIBLE_CLUSTERS
from .base import ANON, Case

ORGANISATIONS = MEMBERS


SAMPLE_RESULTS = ["nanjing_cluster", "shenzhen_cluster", "cross_cluster"]


def cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        organisation = role in ORGANISATIONS
        cases += [
            Case(
                "api:monitoring-evaluation-list",
                role,
                "get",
                200,
                target="monitoring",
                url=plain_url("api:monitoring-evaluation-list"),
            ),
            Case("api:monitoring-evaluation-list", role, "post", 400 if ministry else 403, data={}),
            Case(
                "api:monitoring-evaluation-completeness",
                role,
                "get",
                200 if ministry else 403,
                target="completeness",
                url=lambda world: reverse("api:monitoring-evaluation-completeness") + "?year=2024",
            ),
            Case(
                "api:monitoring-result-list",
                role,
                "get",
                200,
                target="monitoring",
                url=plain_url("api:monitoring-result-list"),
            ),
            Case(
                "api:monitoring-method-list",
                role,
                "get",
                200,
                target="monitoring",
                url=plain_url("api:monitoring-method-list"),
            ),
            Case(
                "api:monitoring-method-list", role, "post", 400 if ministry else 403, data={"name": "v2", "config": {}}
            ),
            Case(
                "api:monitoring-evaluation-detail",
                role,
                "get",
                200 if organisation else 404,
                target="succeeded",
                url=evaluation_url("api:monitoring-evaluation-detail"),
            ),
            Case(
                "api:monitoring-evaluation-detail",
                role,
                "get",
                200 if ministry else 404,
                target="queued",
                url=evaluation_url("api:monitoring-evaluation-detail", queued=True),
            ),
            Case(
                "api:monitoring-method-detail",
                role,
                "get",
                200 if organisation else 404,
                target="current",
                url=method_url("api:monitoring-method-detail"),
            ),
            Case(
                "api:monitoring-method-history",
                role,
                "get",
                200 if organisation else 404,
                target="current",
                url=method_url("api:monitoring-method-history"),
            ),
            # Pages
            Case(
                "monitoring-evaluation-list", role, "get", 200, api=False, url=plain_url("monitoring-evaluation-list")
            ),
            Case(
                "monitoring-evaluation-list",
                role,
                "post",
                200 if ministry else 403,  # 200: the form with the year's error, nothing queued
                api=False,
                data={"year": "1999"},
            ),
            Case("monitoring-rules", role, "get", 200, api=False),
            Case("monitoring-method-list", role, "get", 200, api=False),
            Case("monitoring-method-add", role, "get", 200 if ministry else 403, api=False),
            Case(
                "monitoring-method-add",
                role,
                "post",
                200 if ministry else 403,  # 200: the form with the config's errors, nothing created
                api=False,
                data={"name": "v2", "config": "{}"},
            ),
            Case(
                "monitoring-method-detail",
                role,
                "get",
                200 if organisation else 404,
                api=False,
                target="current",
                url=method_url("monitoring-method-detail"),
            ),
        ]
        for route in ("monitoring-evaluation-detail", "monitoring-evaluation-progress"):
            cases.append(
                Case(
                    route,
                    role,
                    "get",
                    200 if organisation else 404,
                    api=False,
                    target="succeeded",
                    url=evaluation_url(route),
                )
            )
            cases.append(
                Case(
                    route,
                    role,
                    "get",
                    200 if ministry else 404,
                    api=False,
                    target="queued",
                    url=evaluation_url(route, queued=True),
                )
            )
        for name in SAMPLE_RESULTS:
            status = 200 if name in VISIBLE_CLUSTERS[role] else 404
            cases.append(
                Case(
                    "api:monitoring-result-detail",
                    role,
                    "get",
                    status,
                    target=name,
                    url=result_url("api:monitoring-result-detail", name),
                )
            )
            cases.append(
                Case(
                    "monitoring-result-detail",
                    role,
                    "get",
                    status,
                    api=False,
                    target=name,
                    url=result_url("monitoring-result-detail", name),
                )
            )
    for route in (
        "api:monitoring-evaluation-list",
        "api:monitoring-result-list",
        "api:monitoring-method-list",
        "api:monitoring-evaluation-completeness",
    ):
        cases.append(Case(route, ANON, "get", 401))
    for route in ("monitoring-evaluation-list", "monitoring-rules", "monitoring-method-list", "monitoring-method-add"):
        cases.append(Case(route, ANON, "get", 302, api=False))
    cases.append(
        Case(
            "monitoring-result-detail",
            ANON,
            "get",
            302,
            api=False,
            target="nanjing_cluster",
            url=result_url("monitoring-result-detail", "nanjing_cluster"),
        )
    )
    return cases
