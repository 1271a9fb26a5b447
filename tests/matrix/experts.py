"""Matrix cases of the expert pool's upkeep: the ministry adds, changes, deactivates, reactivates and invites experts
(API and pages); an expert reads and changes their own profile (`experts/me/`, their own detail), never another's;
everyone else is refused (403 on a page or a collection, 404 for a profile they cannot see)."""

from ..builders.experts import deactivated_expert, pending_expert
from ..cast import ROLES
from .base import ANON, Case

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


def cases():
    cases = []
    for role in ROLES:
        ministry, expert = role == "ministry", role == "expert"
        cases += [
            Case("api:expert-list", role, "post", 201 if ministry else 403, data=NEW_EXPERT),
            Case(
                "api:expert-detail",
                role,
                "patch",
                _api_object(role, 200, own_ok=True),
                target="expert",
                data={"title": "研究员", "affiliation": "北京大学"},
            ),
            Case("api:expert-history", role, "get", 200 if role in SEES_ANY else 404, target="expert"),
            Case("api:expert-deactivate", role, "post", _api_object(role, 200), target="expert"),
            Case(
                "api:expert-reactivate",
                role,
                "post",
                200 if ministry else 404,
                target="deactivated",
                url=deactivated_expert("api:expert-reactivate"),
            ),
            Case(
                "api:expert-invite",
                role,
                "post",
                200 if ministry else 404,
                target="pending",
                url=pending_expert("api:expert-invite"),
            ),
            Case("api:expert-me", role, "get", 200 if expert else 403),
            Case("api:expert-me", role, "patch", 200 if expert else 403, data={"phone": "010-62780000"}),
            Case("expert-me", role, "get", 200 if expert else 403, api=False),
            Case("expert-me", role, "post", 200 if expert else 403, api=False),  # empty: the form's errors
            Case("expert-add", role, "get", 200 if ministry else 403, api=False),
            Case("expert-add", role, "post", 200 if ministry else 403, api=False),  # empty: the form's errors
            Case("expert-edit", role, "get", 200 if ministry else 403, target="expert", api=False),
            Case("expert-edit", role, "post", 200 if ministry else 403, target="expert", api=False),
            Case("expert-deactivate", role, "get", 200 if ministry else 403, target="expert", api=False),
            Case("expert-deactivate", role, "post", 302 if ministry else 403, target="expert", api=False),
            Case(
                "expert-reactivate",
                role,
                "get",
                200 if ministry else 403,
                target="deactivated",
                api=False,
                url=deactivated_expert("expert-reactivate"),
            ),
            Case(
                "expert-reactivate",
                role,
                "post",
                302 if ministry else 403,
                target="deactivated",
                api=False,
                url=deactivated_expert("expert-reactivate"),
            ),
            Case(
                "expert-invite",
                role,
                "get",
                200 if ministry else 403,
                target="pending",
                api=False,
                url=pending_expert("expert-invite"),
            ),
            Case(
                "expert-invite",
                role,
                "post",
                302 if ministry else 403,
                target="pending",
                api=False,
                url=pending_expert("expert-invite"),
            ),
        ]
    cases += [
        Case("api:expert-list", ANON, "post", 401, data=NEW_EXPERT),
        Case("api:expert-detail", ANON, "patch", 401, target="expert", data={"title": "x"}),
        Case("api:expert-history", ANON, "get", 401, target="expert"),
        Case("api:expert-deactivate", ANON, "post", 401, target="expert"),
        Case("api:expert-reactivate", ANON, "post", 401, target="expert"),
        Case("api:expert-invite", ANON, "post", 401, target="expert"),
        Case("api:expert-me", ANON, "get", 401),
        Case("api:expert-me", ANON, "patch", 401, data={"title": "x"}),
    ]
    for route in ("expert-me", "expert-add"):
        for method in ("get", "post"):
            cases.append(Case(route, ANON, method, 302, api=False))
    for route in ("expert-edit", "expert-deactivate", "expert-reactivate", "expert-invite"):
        for method in ("get", "post"):
            cases.append(Case(route, ANON, method, 302, target="expert", api=False))
    return cases
