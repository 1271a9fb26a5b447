"""Matrix cases of the expert pool's upkeep: the ministry adds, changes, deactivates, reactivates and invites experts
(API and pages); an expert reads and changes their own profile (`experts/me/`, their own detail), never another's;
everyone else is refused (403 on a page or a collection, 404 for a profile they cannot see)."""

from ..builders.experts import deactivated_expert, pending_expert
from ..cast import ROLES
from .base import ANON, rows, table

NEW_EXPERT = {
    "username": "t-matrix-expert",
    "email": "matrix.expert@example.cn",
    "full_name": "赵六",
    "affiliation": "复旦大学",
    "region": "310100",
    "fields": ["ngit"],
}
SEES_ANY = {"ministry", "expert"}  # the ministry reads the pool, the cast's expert their own profile


def _api_object(role, ok, *, own_ok=False):
    """On an expert's profile: the ministry succeeds; the expert on their own succeeds or is refused (403); the
    rest see no profile (404)."""
    if role == "ministry":
        return ok
    if role == "expert":
        return ok if own_ok else 403
    return 404


def each(status, anon=None):
    """role -> status(role) for the cast; an anonymous visitor's `anon` besides (no case when None)."""
    expect = {role: status(role) for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


def ministry(ok, other=403, anon=None):
    return each(lambda role: ok if role == "ministry" else other, anon)


def expert(ok, other=403, anon=None):
    return each(lambda role: ok if role == "expert" else other, anon)


def on(url):
    return lambda route, _target: url(route)


# route, method, target, who answers what, body, URL
ROWS = [
    ("api:expert-list", "post", None, ministry(201, anon=401), NEW_EXPERT, None),
    (
        "api:expert-detail",
        "patch",
        "expert",
        each(lambda role: _api_object(role, 200, own_ok=True)),
        {"title": "研究员", "affiliation": "北京大学"},
        None,
    ),
    ("api:expert-detail", "patch", "expert", {ANON: 401}, {"title": "x"}, None),
    ("api:expert-history", "get", "expert", each(lambda role: 200 if role in SEES_ANY else 404, anon=401), None, None),
    ("api:expert-deactivate", "post", "expert", each(lambda role: _api_object(role, 200), anon=401), None, None),
    ("api:expert-reactivate", "post", "deactivated", ministry(200, 404), None, on(deactivated_expert)),
    ("api:expert-invite", "post", "pending", ministry(200, 404), None, on(pending_expert)),
    *((route, "post", "expert", {ANON: 401}, None, None) for route in ("api:expert-reactivate", "api:expert-invite")),
    ("api:expert-me", "get", None, expert(200, anon=401), None, None),
    ("api:expert-me", "patch", None, expert(200), {"phone": "010-62780000"}, None),
    ("api:expert-me", "patch", None, {ANON: 401}, {"title": "x"}, None),
    ("expert-me", "get", None, expert(200, anon=302), None, None),
    ("expert-me", "post", None, expert(200, anon=302), None, None),  # empty: the form's errors
    ("expert-add", "get", None, ministry(200, anon=302), None, None),
    ("expert-add", "post", None, ministry(200, anon=302), None, None),  # empty: the form's errors
    ("expert-edit", "get", "expert", ministry(200, anon=302), None, None),
    ("expert-edit", "post", "expert", ministry(200, anon=302), None, None),
    ("expert-deactivate", "get", "expert", ministry(200, anon=302), None, None),
    ("expert-deactivate", "post", "expert", ministry(302, anon=302), None, None),
    ("expert-reactivate", "get", "deactivated", ministry(200), None, on(deactivated_expert)),
    ("expert-reactivate", "post", "deactivated", ministry(302), None, on(deactivated_expert)),
    ("expert-invite", "get", "pending", ministry(200), None, on(pending_expert)),
    ("expert-invite", "post", "pending", ministry(302), None, on(pending_expert)),
    *(
        (route, method, "expert", {ANON: 302}, None, None)
        for route in ("expert-reactivate", "expert-invite")
        for method in ("get", "post")
    ),
]


def cases():
    return table(
        *(
            rows(route, method, expect, targets=[target], data=data, url=url)
            for route, method, target, expect, data, url in ROWS
        )
    )
