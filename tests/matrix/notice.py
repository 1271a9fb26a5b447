"""Public notices, objections and published results: the data the tests build (a succeeded evaluation run with
results, written directly, and a notice in each state) and the cross-tenant matrix cases of their routes.

The results of a run (`make_run`): in the high-end equipment track the Nanjing body's cluster is first and advances
(a proposed winner), the Wuxi cluster second and does not; in the ICT track the Shenzhen body's cluster is first and
advances. Notices of the world (`notice_in(world, state)`), each on its own run:
- draft   — drafted, not published (only the ministry sees it)
- open    — published now for 5 days
- closed  — published 10 days ago for 5 days (its period is over)
- final   — closed, and the final result published
"""

from django.urls import reverse

from ..builders.notice import OBJECTION, notice_in, objection_in, result_of
from ..cast import ROLES, VISIBLE_CLUSTERS
from .base import ANON, rows, table


def notice_url(route, state):
    return lambda world: reverse(route, args=[notice_in(world, state).pk])


def objection_url(route):
    return lambda world: reverse(route, args=[objection_in(world).pk])


def result_url(route, state, entry):
    return lambda world: reverse(route, args=[result_of(world, state, entry).pk])


def plain_url(route):
    def make(world):
        notice_in(world, "final")
        objection_in(world)
        return reverse(route)

    return make


def where(route, target):
    """The URL function of a row's target: a notice in a state, the objection, a result, or a list once they exist."""
    if target is None:
        return None
    if target in ("notices", "objections", "results"):
        return plain_url(route)
    if target == "objection":
        return objection_url(route)
    if ":" in target:
        state, entry = target.split(":", 1)
        return result_url(route, state, entry)
    return notice_url(route, target)


# Who reads the published result of which entry: own entries, or the clusters in the jurisdiction (the cast's
# truth table; the entries are the Nanjing body's and the Shenzhen body's).
RESULT_READERS = {
    "draft:nanjing": {role for role in ROLES if "nanjing_cluster" in VISIBLE_CLUSTERS[role]},
    "submitted:shenzhen": {role for role in ROLES if "shenzhen_cluster" in VISIBLE_CLUSTERS[role]},
}


def ministry(ok, other, anon=None):
    """The ministry answers `ok`, every other role `other`; an anonymous visitor `anon` (no case when None)."""
    expect = {role: ok if role == "ministry" else other for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


def everyone(status, anon=None):
    return ministry(status, status, anon)


def page(ok, other, *, gated=True):
    """A page for every role and the anonymous visitor: a login_required page sends them to sign in (302), the
    public pages answer them as any other role."""
    return ministry(ok, other, 302 if gated else other)


def result_readers(entry, *, anon=None):
    expect = {role: 200 if role in RESULT_READERS[entry] else 404 for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


HANDLING = {"handling": "经核查，数据来源于统计部门，无误。", "answer": "经核查，申报数据属实。"}

# route, method, target, who answers what, body
API = [
    ("api:notice-list", "get", "notices", everyone(200, anon=200), None),
    ("api:notice-list", "post", None, ministry(400, 403, anon=401), {}),
    ("api:notice-detail", "get", "draft", ministry(200, 404, anon=404), None),
    ("api:notice-detail", "get", "open", everyone(200, anon=200), None),
    ("api:notice-detail", "patch", "draft", ministry(200, 404), {"body": "公示期内如有异议，请实名反映。"}),
    ("api:notice-detail", "patch", "open", ministry(409, 403, anon=401), {"body": "改"}),
    ("api:notice-publish", "post", "draft", ministry(200, 404, anon=401), None),
    ("api:notice-publish", "post", "open", ministry(409, 403), None),
    ("api:notice-finalise", "post", "open", ministry(409, 403), None),
    ("api:notice-finalise", "post", "closed", ministry(200, 403, anon=401), None),
    ("api:notice-history", "get", "open", ministry(200, 403, anon=401), None),
    ("api:notice-objections", "post", "open", everyone(201, anon=201), OBJECTION),
    ("api:notice-objections", "post", "closed", everyone(409, anon=409), OBJECTION),
    ("api:notice-objections", "post", "draft", ministry(409, 404), OBJECTION),
    ("api:objection-list", "get", "objections", ministry(200, 403), None),
    ("api:objection-list", "get", None, {ANON: 401}, None),
    ("api:objection-detail", "get", "objection", ministry(200, 404, anon=401), None),
    ("api:objection-history", "get", "objection", ministry(200, 404, anon=401), None),
    ("api:objection-handle", "post", "objection", ministry(200, 404), HANDLING),
    ("api:objection-handle", "post", "objection", {ANON: 401}, {"handling": "x", "answer": "y"}),
    ("api:published-result-list", "get", "results", everyone(200), None),
    ("api:published-result-list", "get", None, {ANON: 401}, None),
    ("api:published-result-detail", "get", "final:draft:nanjing", result_readers("draft:nanjing", anon=401), None),
    ("api:published-result-detail", "get", "final:submitted:shenzhen", result_readers("submitted:shenzhen"), None),
    ("api:published-result-detail", "get", "open:draft:nanjing", everyone(404), None),
    ("api:published-result-detail", "get", "open:submitted:shenzhen", everyone(404), None),
]

PAGES = [
    ("notice-list", "get", "notices", page(200, 200, gated=False), None),
    ("notice-add", "get", None, page(200, 403), None),
    ("notice-detail", "get", "draft", page(200, 404, gated=False), None),
    ("notice-detail", "get", "open", page(200, 200, gated=False), None),
    ("notice-edit", "get", "draft", page(200, 404), None),
    ("notice-edit", "post", "draft", page(302, 404), {"title": "拟入选名单公示", "title_en": "", "body": ""}),
    ("notice-publish", "get", "draft", page(200, 404), None),
    ("notice-publish", "post", "draft", page(302, 404), {"days": 5}),
    ("notice-publish", "post", "open", page(302, 403), {"days": 5}),
    ("notice-finalise", "get", "closed", page(200, 403), None),
    ("notice-finalise", "post", "closed", page(302, 403), None),
    ("notice-history", "get", "open", page(200, 403), None),
    ("objection-lodge", "get", "open", page(200, 200, gated=False), None),
    ("objection-lodge", "post", "open", page(302, 302, gated=False), OBJECTION),
    ("objection-lodge", "post", "closed", page(409, 409, gated=False), OBJECTION),
    ("objection-lodge", "post", "draft", page(409, 404, gated=False), OBJECTION),
    ("notice-result", "get", "final", page(200, 200, gated=False), None),
    ("notice-result", "get", "open", page(404, 404, gated=False), None),
    ("objection-list", "get", "objections", page(200, 403), None),
    ("objection-detail", "get", "objection", page(200, 404), None),
    ("objection-handle", "get", "objection", page(200, 404), None),
    ("objection-handle", "post", "objection", page(302, 404), HANDLING),
    ("objection-history", "get", "objection", page(200, 404), None),
    ("my-result-list", "get", "results", page(200, 200), None),
    ("my-result-detail", "get", "final:draft:nanjing", result_readers("draft:nanjing", anon=302), None),
    ("my-result-detail", "get", "final:submitted:shenzhen", result_readers("submitted:shenzhen", anon=302), None),
]


def cases():
    return table(
        *(
            rows(route, method, expect, targets=[target], url=where, data=data)
            for route, method, target, expect, data in API + PAGES
        )
    )
