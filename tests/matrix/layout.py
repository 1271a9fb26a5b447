"""The cluster layout in the cross-tenant matrix: the layout page, its export (a job) and the API answer every
signed-in role (each over the clusters it may see: tests/test_layout.py checks the sets), never an anonymous
visitor; the public layout answers anyone. Nothing here writes: other methods are refused and change nothing.
"""

from django.urls import reverse

from ..builders.exports import export_request
from ..cast import ROLES
from .base import ANON, rows, table

SIGNED_IN = ["layout", "api:layout"]
PUBLIC = ["layout-public", "layout-public-export", "api:layout-public"]


def filtered(route, query):
    return lambda world: f"{reverse(route)}?{query}"


def query(text):
    return lambda route, _target: filtered(route, text)


ALL = [*ROLES, ANON]


def signed_in(status, route):
    """Every signed-in role `status`; the anonymous visitor asked for credentials (API) or to sign in (page)."""
    refused = 401 if route.startswith("api:") else 302
    return lambda role, _target: status if role != ANON else refused


def everyone(status):
    return lambda role, _target: status


def cases():
    return table(
        *(
            table(
                rows(route, "get", signed_in(200, route), roles=ALL),
                rows(
                    route,
                    "get",
                    signed_in(200, route),
                    roles=ALL,
                    targets=["filter:guangdong-national"],
                    url=query("province=440000&tier=national&tier=world_class"),
                ),
                rows(  # a field error
                    route,
                    "get",
                    signed_in(400, route),
                    roles=ALL,
                    targets=["filter:invalid"],
                    url=query("province=999999"),
                ),
            )
            for route in SIGNED_IN
        ),
        rows("api:layout", "post", signed_in(405, "api:layout"), roles=ALL),
        # The signed-in layout as an export job (tenancy/exports): recorded for every signed-in role; wrong filters
        # are refused (400) before any job exists.
        rows(
            "export-new",
            "post",
            everyone(302),
            targets=["layout:guangdong-national"],
            fills=export_request("clusters.layout", query=lambda _world, _target: "province=440000&tier=national"),
        ),
        rows(
            "export-new",
            "post",
            everyone(400),
            targets=["layout:invalid"],
            fills=export_request("clusters.layout", query=lambda _world, _target: "province=999999"),
        ),
        rows("layout", "post", everyone(405), roles=ALL),
        *(
            table(
                rows(route, "get", everyone(200), roles=ALL),
                rows(
                    route,
                    "get",
                    everyone(200),
                    roles=ALL,
                    targets=["filter:ngit"],
                    url=query("field=ngit&tier=national"),
                ),
            )
            for route in PUBLIC
        ),
        rows("api:layout-public", "post", everyone(405), roles=ALL),
        rows("layout-public", "post", everyone(405), roles=ALL),
    )
