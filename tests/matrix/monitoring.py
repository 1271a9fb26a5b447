"""The annual monitoring evaluation: the cross-tenant matrix cases of its pages and API routes, on the data
tests/builders/monitoring.py builds (a succeeded evaluation of every cluster of the world, all tiers, with a
warning).

Who reads what (DESIGN §2, issue 6): the ministry every evaluation and result; a local government the succeeded
evaluations and the results of clusters in its jurisdiction; a cluster body those of its own clusters; the expert
nothing. Methods are readable by every organisation; the ministry's editors run evaluations and add versions.
"""

from django.urls import reverse

from ..builders.exports import export_request
from ..builders.monitoring import (
    evaluation_url,
    method_url,
    monitoring_evaluation,
    plain_url,
    queued_evaluation,
    result_url,
)
from ..cast import MEMBERS, ROLES, VISIBLE_CLUSTERS
from .base import ANON, rows, table

ORGANISATIONS = MEMBERS


SAMPLE_RESULTS = ["nanjing_cluster", "shenzhen_cluster", "cross_cluster"]


def plain(route, _target):
    return plain_url(route)


def completeness(route, _target):
    return lambda world: reverse(route) + "?year=2024"


def evaluation(route, target):
    return evaluation_url(route, queued=target == "queued")


def method(route, _target):
    return method_url(route)


def ministry(ok, other=403, anon=None):
    """The ministry answers `ok`, every other role `other`; an anonymous visitor `anon` (no case when None)."""
    expect = {role: ok if role == "ministry" else other for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


def organisations(ok, other=404):
    return {role: ok if role in ORGANISATIONS else other for role in ROLES}


def everyone(status, anon=None):
    return ministry(status, status, anon)


def results(role, name):
    return 200 if name in VISIBLE_CLUSTERS[role] else 404


ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}

# route, method, targets, who answers what, body, URL
ROWS = [
    ("api:monitoring-evaluation-list", "get", ["monitoring"], everyone(200), None, plain),
    ("api:monitoring-evaluation-list", "post", [None], ministry(400), {}, None),
    ("api:monitoring-evaluation-completeness", "get", ["completeness"], ministry(200), None, completeness),
    ("api:monitoring-result-list", "get", ["monitoring"], everyone(200), None, plain),
    ("api:monitoring-method-list", "get", ["monitoring"], everyone(200), None, plain),
    ("api:monitoring-method-list", "post", [None], ministry(400), {"name": "v2", "config": {}}, None),
    ("api:monitoring-evaluation-detail", "get", ["succeeded"], organisations(200), None, evaluation),
    ("api:monitoring-evaluation-detail", "get", ["queued"], ministry(200, 404), None, evaluation),
    ("api:monitoring-method-detail", "get", ["current"], organisations(200), None, method),
    ("api:monitoring-method-history", "get", ["current"], organisations(200), None, method),
    ("api:monitoring-result-detail", "get", SAMPLE_RESULTS, results, None, result_url),
    *(
        (route, "get", [None], ANON_API, None, None)
        for route in (
            "api:monitoring-evaluation-list",
            "api:monitoring-result-list",
            "api:monitoring-method-list",
            "api:monitoring-evaluation-completeness",
        )
    ),
    # Pages
    ("monitoring-evaluation-list", "get", [None], everyone(200), None, plain),
    ("monitoring-evaluation-list", "get", [None], ANON_PAGE, None, None),
    # 200: the form with the year's error, nothing queued
    ("monitoring-evaluation-list", "post", [None], ministry(200), {"year": "1999"}, None),
    ("monitoring-rules", "get", [None], everyone(200, anon=302), None, None),
    ("monitoring-method-list", "get", [None], everyone(200, anon=302), None, None),
    ("monitoring-method-add", "get", [None], ministry(200, anon=302), None, None),
    # 200: the form with the config's errors, nothing created
    ("monitoring-method-add", "post", [None], ministry(200), {"name": "v2", "config": "{}"}, None),
    ("monitoring-method-detail", "get", ["current"], organisations(200), None, method),
    *(
        row
        for route in ("monitoring-evaluation-detail", "monitoring-evaluation-progress")
        for row in (
            (route, "get", ["succeeded"], organisations(200), None, evaluation),
            (route, "get", ["queued"], ministry(200, 404), None, evaluation),
        )
    ),
    ("monitoring-result-detail", "get", SAMPLE_RESULTS, results, None, result_url),
    ("monitoring-result-detail", "get", ["nanjing_cluster"], ANON_PAGE, None, result_url),
]


def _evaluation_pk(world, target):
    return (queued_evaluation(world) if target.endswith("queued") else monitoring_evaluation(world)).pk


def cases():
    return table(
        *(
            rows(route, method, expect, targets=targets, data=data, url=url)
            for route, method, targets, expect, data, url in ROWS
        ),
        # An evaluation's results, exported where its page opens (each organisation its own clusters' results).
        rows(
            "export-new",
            "post",
            {role: 302 if status == 200 else status for role, status in organisations(200).items()},
            targets=["results@succeeded"],
            fills=export_request("monitoring.results", target=_evaluation_pk),
        ),
        rows(
            "export-new",
            "post",
            ministry(302, 404),
            targets=["results@queued"],
            fills=export_request("monitoring.results", target=_evaluation_pk),
        ),
    )
