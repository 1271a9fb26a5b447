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
from ..cast import ROLES
from .base import ANON, Case


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


# Who reads the published result of which entry (DESIGN §2: own entries, or the clusters in the jurisdiction).
RESULT_READERS = {
    "draft:nanjing": {"ministry", "jiangsu", "nanjing_body", "nanjing_viewer"},
    "submitted:shenzhen": {"ministry", "guangdong", "shenzhen_body"},
}


def api_cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        cases += [
            Case("api:notice-list", role, "get", 200, target="notices", url=plain_url("api:notice-list")),
            Case("api:notice-list", role, "post", 400 if ministry else 403, data={}),
            Case(
                "api:notice-detail",
                role,
                "get",
                200 if ministry else 404,
                "draft",
                url=notice_url("api:notice-detail", "draft"),
            ),
            Case("api:notice-detail", role, "get", 200, "open", url=notice_url("api:notice-detail", "open")),
            Case(
                "api:notice-detail",
                role,
                "patch",
                200 if ministry else 404,
                "draft",
                data={"body": "公示期内如有异议，请实名反映。"},
                url=notice_url("api:notice-detail", "draft"),
            ),
            Case(
                "api:notice-detail",
                role,
                "patch",
                409 if ministry else 403,
                "open",
                data={"body": "改"},
                url=notice_url("api:notice-detail", "open"),
            ),
            Case(
                "api:notice-publish",
                role,
                "post",
                200 if ministry else 404,
                "draft",
                url=notice_url("api:notice-publish", "draft"),
            ),
            Case(
                "api:notice-publish",
                role,
                "post",
                409 if ministry else 403,
                "open",
                url=notice_url("api:notice-publish", "open"),
            ),
            Case(
                "api:notice-finalise",
                role,
                "post",
                409 if ministry else 403,
                "open",
                url=notice_url("api:notice-finalise", "open"),
            ),
            Case(
                "api:notice-finalise",
                role,
                "post",
                200 if ministry else 403,
                "closed",
                url=notice_url("api:notice-finalise", "closed"),
            ),
            Case(
                "api:notice-history",
                role,
                "get",
                200 if ministry else 403,
                "open",
                url=notice_url("api:notice-history", "open"),
            ),
            Case(
                "api:notice-objections",
                role,
                "post",
                201,
                "open",
                data=OBJECTION,
                url=notice_url("api:notice-objections", "open"),
            ),
            Case(
                "api:notice-objections",
                role,
                "post",
                409,
                "closed",
                data=OBJECTION,
                url=notice_url("api:notice-objections", "closed"),
            ),
            Case(
                "api:notice-objections",
                role,
                "post",
                409 if ministry else 404,
                "draft",
                data=OBJECTION,
                url=notice_url("api:notice-objections", "draft"),
            ),
            Case(
                "api:objection-list",
                role,
                "get",
                200 if ministry else 403,
                target="objections",
                url=plain_url("api:objection-list"),
            ),
            Case(
                "api:objection-detail",
                role,
                "get",
                200 if ministry else 404,
                "objection",
                url=objection_url("api:objection-detail"),
            ),
            Case(
                "api:objection-history",
                role,
                "get",
                200 if ministry else 404,
                "objection",
                url=objection_url("api:objection-history"),
            ),
            Case(
                "api:objection-handle",
                role,
                "post",
                200 if ministry else 404,
                "objection",
                data={"handling": "经核查，数据来源于统计部门，无误。", "answer": "经核查，申报数据属实。"},
                url=objection_url("api:objection-handle"),
            ),
            Case(
                "api:published-result-list",
                role,
                "get",
                200,
                target="results",
                url=plain_url("api:published-result-list"),
            ),
        ]
        for entry, readers in RESULT_READERS.items():
            cases.append(
                Case(
                    "api:published-result-detail",
                    role,
                    "get",
                    200 if role in readers else 404,
                    f"final:{entry}",
                    url=result_url("api:published-result-detail", "final", entry),
                )
            )
            cases.append(
                Case(
                    "api:published-result-detail",
                    role,
                    "get",
                    404,
                    f"open:{entry}",
                    url=result_url("api:published-result-detail", "open", entry),
                )
            )
    cases += [
        Case("api:notice-list", ANON, "get", 200, target="notices", url=plain_url("api:notice-list")),
        Case("api:notice-list", ANON, "post", 401, data={}),
        Case("api:notice-detail", ANON, "get", 200, "open", url=notice_url("api:notice-detail", "open")),
        Case("api:notice-detail", ANON, "get", 404, "draft", url=notice_url("api:notice-detail", "draft")),
        Case(
            "api:notice-detail",
            ANON,
            "patch",
            401,
            "open",
            data={"body": "改"},
            url=notice_url("api:notice-detail", "open"),
        ),
        Case("api:notice-publish", ANON, "post", 401, "draft", url=notice_url("api:notice-publish", "draft")),
        Case("api:notice-finalise", ANON, "post", 401, "closed", url=notice_url("api:notice-finalise", "closed")),
        Case("api:notice-history", ANON, "get", 401, "open", url=notice_url("api:notice-history", "open")),
        Case(
            "api:notice-objections",
            ANON,
            "post",
            201,
            "open",
            data=OBJECTION,
            url=notice_url("api:notice-objections", "open"),
        ),
        Case(
            "api:notice-objections",
            ANON,
            "post",
            409,
            "closed",
            data=OBJECTION,
            url=notice_url("api:notice-objections", "closed"),
        ),
        Case("api:objection-list", ANON, "get", 401),
        Case("api:objection-detail", ANON, "get", 401, "objection", url=objection_url("api:objection-detail")),
        Case("api:objection-history", ANON, "get", 401, "objection", url=objection_url("api:objection-history")),
        Case(
            "api:objection-handle",
            ANON,
            "post",
            401,
            "objection",
            data={"handling": "x", "answer": "y"},
            url=objection_url("api:objection-handle"),
        ),
        Case("api:published-result-list", ANON, "get", 401),
        Case(
            "api:published-result-detail",
            ANON,
            "get",
            401,
            "final:draft:nanjing",
            url=result_url("api:published-result-detail", "final", "draft:nanjing"),
        ),
    ]
    return cases


def page_cases():
    cases = []
    for role in [*ROLES, ANON]:
        ministry = role == "ministry"
        signed_in = role != ANON

        # login_required pages send an anonymous visitor to sign in (302)
        def gate(status, signed_in=signed_in):
            return status if signed_in else 302

        cases += [
            Case("notice-list", role, "get", 200, api=False, target="notices", url=plain_url("notice-list")),
            Case("notice-add", role, "get", gate(200 if ministry else 403), api=False),
            Case(
                "notice-detail",
                role,
                "get",
                200 if ministry else 404,
                "draft",
                api=False,
                url=notice_url("notice-detail", "draft"),
            ),
            Case("notice-detail", role, "get", 200, "open", api=False, url=notice_url("notice-detail", "open")),
            Case(
                "notice-edit",
                role,
                "get",
                gate(200 if ministry else 404),
                "draft",
                api=False,
                url=notice_url("notice-edit", "draft"),
            ),
            Case(
                "notice-edit",
                role,
                "post",
                gate(302 if ministry else 404),
                "draft",
                api=False,
                data={"title": "拟入选名单公示", "title_en": "", "body": ""},
                url=notice_url("notice-edit", "draft"),
            ),
            Case(
                "notice-publish",
                role,
                "get",
                gate(200 if ministry else 404),
                "draft",
                api=False,
                url=notice_url("notice-publish", "draft"),
            ),
            Case(
                "notice-publish",
                role,
                "post",
                gate(302 if ministry else 404),
                "draft",
                api=False,
                data={"days": 5},
                url=notice_url("notice-publish", "draft"),
            ),
            Case(
                "notice-publish",
                role,
                "post",
                gate(302 if ministry else 403),
                "open",
                api=False,
                data={"days": 5},
                url=notice_url("notice-publish", "open"),
            ),
            Case(
                "notice-finalise",
                role,
                "get",
                gate(200 if ministry else 403),
                "closed",
                api=False,
                url=notice_url("notice-finalise", "closed"),
            ),
            Case(
                "notice-finalise",
                role,
                "post",
                gate(302 if ministry else 403),
                "closed",
                api=False,
                url=notice_url("notice-finalise", "closed"),
            ),
            Case(
                "notice-history",
                role,
                "get",
                gate(200 if ministry else 403),
                "open",
                api=False,
                url=notice_url("notice-history", "open"),
            ),
            Case("objection-lodge", role, "get", 200, "open", api=False, url=notice_url("objection-lodge", "open")),
            Case(
                "objection-lodge",
                role,
                "post",
                302,
                "open",
                api=False,
                data=OBJECTION,
                url=notice_url("objection-lodge", "open"),
            ),
            Case(
                "objection-lodge",
                role,
                "post",
                409,
                "closed",
                api=False,
                data=OBJECTION,
                url=notice_url("objection-lodge", "closed"),
            ),
            Case(
                "objection-lodge",
                role,
                "post",
                409 if ministry else 404,
                "draft",
                api=False,
                data=OBJECTION,
                url=notice_url("objection-lodge", "draft"),
            ),
            Case("notice-result", role, "get", 200, "final", api=False, url=notice_url("notice-result", "final")),
            Case("notice-result", role, "get", 404, "open", api=False, url=notice_url("notice-result", "open")),
            Case(
                "objection-list",
                role,
                "get",
                gate(200 if ministry else 403),
                target="objections",
                api=False,
                url=plain_url("objection-list"),
            ),
            Case(
                "objection-detail",
                role,
                "get",
                gate(200 if ministry else 404),
                "objection",
                api=False,
                url=objection_url("objection-detail"),
            ),
            Case(
                "objection-handle",
                role,
                "get",
                gate(200 if ministry else 404),
                "objection",
                api=False,
                url=objection_url("objection-handle"),
            ),
            Case(
                "objection-handle",
                role,
                "post",
                gate(302 if ministry else 404),
                "objection",
                api=False,
                data={"handling": "经核查，数据来源于统计部门，无误。", "answer": "经核查，申报数据属实。"},
                url=objection_url("objection-handle"),
            ),
            Case(
                "objection-history",
                role,
                "get",
                gate(200 if ministry else 404),
                "objection",
                api=False,
                url=objection_url("objection-history"),
            ),
            Case(
                "my-result-list", role, "get", gate(200), target="results", api=False, url=plain_url("my-result-list")
            ),
        ]
        for entry, readers in RESULT_READERS.items():
            cases.append(
                Case(
                    "my-result-detail",
                    role,
                    "get",
                    gate(200 if role in readers else 404),
                    f"final:{entry}",
                    api=False,
                    url=result_url("my-result-detail", "final", entry),
                )
            )
    return cases


def cases():
    return api_cases() + page_cases()
