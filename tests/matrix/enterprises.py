"""One enterprise in several clusters in the cross-tenant matrix (exchange.enterprises): the list (page, API and
export) is the ministry's and the governments' (403 for the rest); an enterprise's page and API answer whoever may
read one of its members (404 for the rest: a credit code reveals nothing to those who read none of its members);
nothing here writes (other methods 405)."""

from django.urls import reverse

from ..builders.exports import export_request
from ..cast import ROLES, VISIBLE_CLUSTERS
from ..factories import MemberFactory, credit_code
from .base import ANON, rows, table

LIST_READERS = {"ministry", "jiangsu", "guangdong"}
# The enterprise each detail case makes: a member in each of these clusters, under one credit code.
HOLDERS = {"nanjing+shenzhen": ("nanjing_cluster", "shenzhen_cluster"), "provincial": ("provincial_cluster",)}


def the_list(role, _target):
    return 200 if role in LIST_READERS else 403


def reads_a_member(role, target):
    return 200 if set(HOLDERS[target]) & VISIBLE_CLUSTERS[role] else 404


def enterprise_url(route, target):
    def make(world):
        from tenancy.scoping import system_scope

        code = credit_code(990000 + len(target), "440300")
        with system_scope():
            for name in HOLDERS[target]:
                MemberFactory(cluster=world.clusters[name], credit_code=code)
        return reverse(route, args=[code])

    return make


def refused(route):
    return 401 if route.startswith("api:") else 302


def cases():
    return table(
        *(
            table(
                rows(route, "get", the_list),
                rows(route, "get", {ANON: refused(route)}),
                rows(route, "get", the_list, targets=list(HOLDERS), url=enterprise_url_of_list),
            )
            for route in ("enterprise-list", "api:enterprise-list")
        ),
        *(
            table(
                rows(route, "get", reads_a_member, targets=list(HOLDERS), url=enterprise_url),
                rows(route, "get", {ANON: refused(route)}, targets=["nanjing+shenzhen"], url=enterprise_url),
            )
            for route in ("enterprise-detail", "api:enterprise-detail")
        ),
        rows("api:enterprise-list", "post", {**dict.fromkeys(ROLES, 405), ANON: 401}),
        rows(
            "export-new",
            "post",
            lambda role, _target: 302 if role in LIST_READERS else 403,
            targets=["exchange.enterprises"],
            fills=export_request("exchange.enterprises"),
        ),
    )


def enterprise_url_of_list(route, target):
    """The list, after the enterprise of `target` was made (so each role's list has a row to show or hide)."""
    make_enterprise = enterprise_url("enterprise-detail", target)

    def make(world):
        make_enterprise(world)
        return reverse(route)

    return make
