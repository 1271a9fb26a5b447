"""The second method of a route: a page's POST beside its GET, a detail route's PUT beside its PATCH.

Whoever may not open a form page may not post to it either, and whoever may not PATCH an object may not PUT it:
the refusal (403, 404, 401, 302 to the sign-in page) is the one the area module states for the first method, so
these cases are derived from those. A role let through gets the route's own answer from the tables below (an
empty form re-rendered with its errors is a 200; a confirmation posted does its work and redirects, 302; a PUT
with a partial body is a 400, since PUT replaces the whole object).
"""

from dataclasses import replace

from ..cast import ROLES
from .base import ANON, rows, table

# Page routes answering GET and POST: route -> the status of an empty POST by a role the GET lets through (or, where
# it depends on the object, target -> status with "*" for the others).
POST_ALLOWED = {
    "assignment-recuse": 200,
    "assignment-remove": 302,
    "chain-link-add": 200,
    "chain-link-edit": 200,
    "cluster-edit": 200,
    "cluster-governance": 400,  # the governance form answers 400 with its errors
    "cluster-part-delete": 302,
    "cluster-tier": 200,
    "competition-add": 200,
    "competition-edit": 200,
    "conflict-add": 200,
    "entry-add": 200,
    "entry-edit": 200,
    "entry-eligible": 200,
    "entry-endorse": 200,
    "entry-return": 200,
    "entry-submit": {"draft:nanjing": 302, "*": 200},  # a draft goes back to its page, refused as incomplete
    "instrument-add": 400,  # the policy library's forms answer 400 with their errors
    "instrument-edit": 400,
    "member-add": 200,
    "member-deactivate": 302,
    "member-reactivate": 302,
    "milestone-add": 200,
    "milestone-edit": 200,
    "notice-add": 200,
    "policy-edit": 400,
    "review-form": 200,
    "round-add": 200,
    "round-delete": 302,
    "round-edit": 200,
    "rubric-edit": {"published": 409, "*": 200},  # a published round's rubric is frozen
}

# API detail routes answering PUT beside PATCH: route -> the status of a PUT with the PATCH case's (partial) body
# by a role the PATCH lets through.
PUT_ALLOWED = {
    "api:chain-link-detail": 400,
    "api:instrument-detail": 400,
    "api:milestone-detail": 400,
    "api:observation-detail": 400,
    "api:policy-detail": 400,
    "api:toolkit-detail": 400,
}

# Routes where the method is routed but not offered: 405 for every signed-in role, whatever the object.
NOT_OFFERED = {("api:round-detail", "put"): "patch"}

REFUSALS = {302, 401, 403, 404}


def derived(cases):
    """The cases for the second method of each route above, from the area modules' cases for the first."""
    found = []
    for case in cases:
        if case.method == "get" and not case.api and case.route in POST_ALLOWED:
            allowed = POST_ALLOWED[case.route]
            if isinstance(allowed, dict):
                allowed = allowed.get(case.target, allowed["*"])
            expected = case.expected if case.expected in REFUSALS else allowed
            found.append(replace(case, method="post", expected=expected, data={}))
        elif case.method == "patch" and case.route in PUT_ALLOWED:
            expected = case.expected if case.expected in REFUSALS else PUT_ALLOWED[case.route]
            found.append(replace(case, method="put", expected=expected))
    for (route, method), source in NOT_OFFERED.items():
        for case in cases:
            if case.route == route and case.method == source:
                expected = 401 if case.role == ANON else 405
                found.append(replace(case, method=method, expected=expected))
    return found


def cases():
    """Routes whose second method has no first to derive from: the sign-in form sends a signed-in role on (302)."""
    signed_in = {**dict.fromkeys(ROLES, 302), ANON: 200}
    return table(
        rows("login", "post", signed_in, data={"username": "t-ministry"}),
        rows("login", "put", signed_in),
    )
