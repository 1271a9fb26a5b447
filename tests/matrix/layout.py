"""The cluster layout in the cross-tenant matrix: the layout page, its Excel export and the API answer every
signed-in role (each over the clusters it may see: tests/test_layout.py checks the sets), never an anonymous
visitor; the public layout answers anyone. Nothing here writes: other methods are refused and change nothing.
"""

from django.urls import reverse

from ..cast import ROLES
from .base import ANON, Case

SIGNED_IN = [("layout", False), ("layout-export", False), ("api:layout", True)]
PUBLIC = [("layout-public", False), ("layout-public-export", False), ("api:layout-public", True)]


def filtered(route, query):
    return lambda world: f"{reverse(route)}?{query}"


def cases():
    found = []
    for role in [*ROLES, ANON]:
        signed_in = role != ANON
        for route, api in SIGNED_IN:
            refused = 401 if api else 302
            found += [
                Case(route, role, "get", 200 if signed_in else refused, api=api),
                Case(
                    route,
                    role,
                    "get",
                    200 if signed_in else refused,
                    target="filter:guangdong-national",
                    api=api,
                    url=filtered(route, "province=440000&tier=national&tier=world_class"),
                ),
                Case(
                    route,
                    role,
                    "get",
                    (400 if api else 302 if route.endswith("export") else 400) if signed_in else refused,
                    target="filter:invalid",  # a field error; the export sends back to the page
                    api=api,
                    url=filtered(route, "province=999999"),
                ),
            ]
        found.append(Case("api:layout", role, "post", 405 if signed_in else 401, data={}))
        found.append(Case("layout", role, "post", 405, api=False))
        for route, api in PUBLIC:
            found += [
                Case(route, role, "get", 200, api=api),
                Case(
                    route,
                    role,
                    "get",
                    200,
                    target="filter:ngit",
                    api=api,
                    url=filtered(route, "field=ngit&tier=national"),
                ),
            ]
        found.append(Case("api:layout-public", role, "post", 405, data={}))
        found.append(Case("layout-public", role, "post", 405, api=False))
    return found
