"""Shared pieces of the cross-tenant matrix (tests/test_matrix.py).

An area adds tests/matrix/<area>.py with `cases()` returning Case objects; the
matrix collects every such module. Cast roles: tests.cast.ROLES and ANON.

A module states its cases as a table: one `rows(...)` per route x method (and
kind of object), which `rows` expands over the roles and targets into Case
objects; `table(...)` joins the rows of a module.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from ..cast import ROLES

ANON = "anonymous"


@dataclass
class Case:
    route: str
    role: str
    method: str
    expected: int
    target: str | None = None  # a name in the world (cluster or membership owner)
    data: dict = field(default_factory=dict)
    api: bool = True
    url: Callable | None = None  # world -> URL, for routes whose objects the case creates itself
    # In `data`, the value "__cluster__" stands for the pk of the cluster named after "@" in `target`.

    @property
    def id(self):
        return f"{self.route}-{self.role}-{self.method}-{self.target or ''}"


def rows(route, method, expect, *, targets=(None,), roles=None, data=None, url=None, fills=None, api=None):
    """The cases of one row of the matrix: `route` x `method`, for each target and role.

    expect: a dict role -> status (the row covers the roles it names), or a function (role, target) -> status read
        from the truth table (the row covers `roles`, the cast's by default); None leaves the pair out.
    targets: the objects the row is asked on (a name in the world, or a label the `url` function reads); the
        default is one case per role without a target (a list or a form).
    data: the body, a dict, or a function (role, target) -> dict.
    url: a function (route, target) -> (world -> URL), for routes whose objects the case creates itself.
    fills: instead of `url`, a function (route, target, body) -> (world -> URL) whose URL function also fills the
        case's body in with the ids of the objects it creates (a create naming its parent, say).
    api: whether the route is the API's; by default, whether its name is in the `api:` namespace.
    """
    if api is None:
        api = route.startswith("api:")
    if roles is None:
        roles = list(expect) if isinstance(expect, dict) else ROLES
    found = []
    for target in targets:
        for role in roles:
            expected = expect[role] if isinstance(expect, dict) else expect(role, target)
            if expected is None:
                continue
            body = data(role, target) if callable(data) else dict(data or {})
            where = fills(route, target, body) if fills else url(route, target) if url else None
            found.append(Case(route, role, method, expected, target=target, data=body, api=api, url=where))
    return found


def table(*groups):
    """The cases of a module: its rows (each a list of cases) joined."""
    return [case for group in groups for case in group]


def all_routes():
    """Route name -> the view it calls, for every named URL pattern."""
    routes = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                routes[f"{namespace}{pattern.name}"] = pattern.callback

    walk(get_resolver().url_patterns)
    return routes


def all_route_names():
    return set(all_routes())


UNTESTED_METHODS = {"head", "options", "trace"}  # HEAD answers as GET does; OPTIONS and TRACE carry no data


def accepted_methods(view):
    """The HTTP methods a routed view really accepts (lower case, without HEAD and OPTIONS).

    A DRF viewset: the router's method -> action map, less what `http_method_names` leaves out. A class-based
    view (Django's or DRF's): the handlers it defines. A function view: what its `require_http_methods` (or
    `require_POST`, `require_safe`) lets through; one without such a decorator answers every method, and as GET
    unless its code reads `request.method`."""
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    actions = getattr(view, "actions", None)
    if actions:
        return {method for method in actions if method in view_class.http_method_names} - UNTESTED_METHODS
    if view_class is not None:
        return {m for m in view_class.http_method_names if hasattr(view_class, m)} - UNTESTED_METHODS
    function = view
    while function is not None:
        closure = inspect.getclosurevars(function).nonlocals
        if "request_method_list" in closure:
            return {method.lower() for method in closure["request_method_list"]} - UNTESTED_METHODS
        if getattr(function, "__wrapped__", None) is None and "request.method" not in inspect.getsource(function):
            return {"get"}
        function = getattr(function, "__wrapped__", None)
    return {"get", "post", "put", "patch", "delete"}
