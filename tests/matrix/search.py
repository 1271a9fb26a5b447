"""Global search in the cross-tenant matrix: the page and the API answer everyone, visitors included (each sees
only what it may open: tests/test_search.py checks the hits); a query too short is a 400 in the API and a message
on the page; nothing else is offered (405)."""

from django.urls import reverse

from ..cast import ROLES
from .base import ANON, rows, table

ALL = [*ROLES, ANON]
ROUTES = ["search", "api:search"]


def everyone(status):
    return lambda role, _target: status


def query(text):
    return lambda route, _target: lambda world: f"{reverse(route)}?q={text}"


def cases():
    return table(
        *(
            table(
                rows(route, "get", everyone(200), roles=ALL, targets=["q:南京"], url=query("%E5%8D%97%E4%BA%AC")),
                rows(
                    route,
                    "get",
                    everyone(400 if route.startswith("api:") else 200),
                    roles=ALL,
                    targets=["q:too-short"],
                    url=query("a"),
                ),
                rows(route, "post", everyone(405), roles=ALL),
            )
            for route in ROUTES
        ),
        rows("api:search", "get", everyone(200), roles=ALL, targets=["q:members"], url=query("test&kind=members")),
        rows("api:search", "get", everyone(400), roles=ALL, targets=["q:bad-kind"], url=query("test&kind=nothing")),
    )
