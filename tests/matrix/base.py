"""Shared pieces of the cross-tenant matrix (tests/test_matrix.py).

An area adds tests/matrix/<area>.py with `cases()` returning Case objects; the
matrix collects every such module. Cast roles: tests.conftest.ROLES and ANON.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

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
