"""Matchmaking (exchange/matching) and the chain taxonomy in the cross-tenant matrix: the gaps page and API answer
the ministry, local governments and promotion bodies (a cluster's gaps only where its cluster is visible: 404
otherwise), never an expert (403) or a visitor; the complementarity matrix, its API and its export are the
ministry's alone; the chain categories are public reference data. Nothing here writes."""

from django.urls import reverse

from ..builders.exports import export_request
from ..cast import CLUSTERS, ROLES, VISIBLE_CLUSTERS
from .base import ANON, rows, table

MATCHING_ROLES = {"ministry", "jiangsu", "guangdong", "nanjing_body", "shenzhen_body", "nanjing_viewer"}
ALL = [*ROLES, ANON]


def refused(route):
    return 401 if route.startswith("api:") else 302


def matching(route):
    """Every role that gets matchmaking 200, the expert 403, a visitor asked to sign in."""
    return lambda role, _target: refused(route) if role == ANON else 200 if role in MATCHING_ROLES else 403


def ministry_only(route, ok=200):
    return lambda role, _target: refused(route) if role == ANON else ok if role == "ministry" else 403


def cluster_gaps(role, name):
    if role == ANON:
        return 401
    if name not in VISIBLE_CLUSTERS[role]:
        return 404
    return 200 if role in MATCHING_ROLES else 403


def with_query(text):
    return lambda route, _target: lambda world: f"{reverse(route)}?{text}"


def a_category(route, _target):
    def make(world):
        from clusters.models import ChainCategory

        return reverse(route, args=[ChainCategory.objects.filter(field_id="ngit").first().pk])

    return make


def everyone(role, _target):
    return 200


def cases():
    return table(
        rows("matching", "get", matching("matching"), roles=ALL),
        rows("matching", "get", matching("matching"), roles=ALL, targets=["filter:ngit"], url=with_query("field=ngit")),
        rows("api:matching-cluster-list", "get", matching("api:matching-cluster-list"), roles=ALL),
        rows("api:matching-cluster-detail", "get", cluster_gaps, roles=ALL, targets=CLUSTERS),
        rows("matching-matrix", "get", ministry_only("matching-matrix"), roles=ALL),
        rows(
            "matching-matrix",
            "get",
            ministry_only("matching-matrix", 400),
            roles=ALL,
            targets=["filter:unknown"],
            url=with_query("field=unknown"),
        ),
        rows("api:matching-matrix", "get", ministry_only("api:matching-matrix"), roles=ALL),
        rows(
            "api:matching-matrix",
            "get",
            ministry_only("api:matching-matrix"),
            roles=ALL,
            targets=["filter:biomedicine"],
            url=with_query("field=biomedicine"),
        ),
        rows(
            "api:matching-matrix",
            "get",
            ministry_only("api:matching-matrix", 400),
            roles=ALL,
            targets=["filter:unknown"],
            url=with_query("field=unknown"),
        ),
        # The matrix as an export job: the ministry's (a job, 302); anyone else refused before a job exists.
        rows(
            "export-new",
            "post",
            ministry_only("export-new", 302),
            targets=["matching-matrix:ngit"],
            fills=export_request("exchange.matching.matrix", query=lambda _world, _target: "field=ngit"),
        ),
        rows(
            "export-new",
            "post",
            lambda role, _target: 400 if role == "ministry" else 403,
            targets=["matching-matrix:unknown"],
            fills=export_request("exchange.matching.matrix", query=lambda _world, _target: "field=unknown"),
        ),
        # The gaps of the listed clusters as an export job: whoever gets matchmaking; an expert refused (403).
        rows(
            "export-new",
            "post",
            lambda role, _target: 302 if role in MATCHING_ROLES else 403,
            targets=["matching-gaps:ngit"],
            fills=export_request("exchange.matching.gaps", "csv", query=lambda _world, _target: "field=ngit"),
        ),
        # The shared chain taxonomy: public reference data.
        rows("api:chain-category-list", "get", everyone, roles=ALL),
        rows(
            "api:chain-category-list", "get", everyone, roles=ALL, targets=["filter:ngit"], url=with_query("field=ngit")
        ),
        rows("api:chain-category-detail", "get", everyone, roles=ALL, targets=["category:ngit"], url=a_category),
    )
