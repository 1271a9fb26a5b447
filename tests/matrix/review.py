"""Expert review: the data the tests build and the cross-tenant matrix cases of its API routes and pages.

`review_world(world)` adds to the competition of tests.matrix.competitions: the Wuxi entry declared eligible, the
round's review window open now, two more experts, the cast's expert (t-expert) and t-expert-2 assigned to the Wuxi
entry, a draft review by t-expert and a submitted one by t-expert-2, and a conflict declared for t-expert with the
Nanjing cluster. Who sees what: the ministry everything; t-expert their own profile, assignment, review and
conflict (never t-expert-2's review); the Wuxi entry is also read by Jiangsu (its jurisdiction); nobody else sees
any of it.
"""

from django.urls import reverse

from ..builders.review import review_world
from ..cast import ROLES
from .base import ANON, Case


def url_of(route, key, *, attribute="pk"):
    def make(world):
        return reverse(route, args=[getattr(review_world(world)[key], attribute)])

    return make


def list_of(route):
    def make(world):
        review_world(world)
        return reverse(route)

    return make


# Who reads which object: the ministry all, the cast's expert their own; Jiangsu reads the Wuxi entry too.
OWN = {"ministry", "expert"}
ENTRY_READERS = {"ministry", "expert", "jiangsu"}


def read(role, readers=OWN):
    return 200 if role in readers else 404


def ministry_write(role, success, readers=OWN):
    """A write only the ministry may make: others who see the object get 403, the rest 404."""
    if role == "ministry":
        return success
    return 403 if role in readers else 404


def expert_write(role, success, readers=OWN):
    if role == "expert":
        return success
    return 403 if role in readers else 404


def api_cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        cases += [
            Case("api:expert-pool-list", role, "get", 200, target="review", url=list_of("api:expert-pool-list")),
            Case("api:conflict-list", role, "get", 200, target="review", url=list_of("api:conflict-list")),
            Case(
                "api:conflict-list",
                role,
                "post",
                400 if role in OWN else 403,
                data={},
                target="review",
                url=list_of("api:conflict-list"),
            ),
            Case("api:assignment-list", role, "get", 200, target="review", url=list_of("api:assignment-list")),
            Case(
                "api:assignment-list",
                role,
                "post",
                400 if ministry else 403,
                data={},
                target="review",
                url=list_of("api:assignment-list"),
            ),
            Case("api:review-list", role, "get", 200, target="review", url=list_of("api:review-list")),
        ]
        for route in ("api:expert-pool-detail", "api:expert-pool-history"):
            cases.append(Case(route, role, "get", read(role), target="mine", url=url_of(route, "mine")))
        cases.append(
            Case(
                "api:expert-pool-eligibility",
                role,
                "post",
                ministry_write(role, 200),
                target="mine",
                data={"is_eligible": False},
                url=url_of("api:expert-pool-eligibility", "mine"),
            )
        )
        for route in ("api:conflict-detail", "api:conflict-history"):
            cases.append(Case(route, role, "get", read(role), target="declaration", url=url_of(route, "declaration")))
        cases.append(
            Case(
                "api:conflict-detail",
                role,
                "delete",
                ministry_write(role, 204),
                target="declaration",
                url=url_of("api:conflict-detail", "declaration"),
            )
        )
        for route in ("api:assignment-detail", "api:assignment-history", "api:assignment-review"):
            cases.append(
                Case(route, role, "get", read(role), target="my_assignment", url=url_of(route, "my_assignment"))
            )
        cases += [
            Case(
                "api:assignment-detail",
                role,
                "delete",
                ministry_write(role, 204),
                target="my_assignment",
                url=url_of("api:assignment-detail", "my_assignment"),
            ),
            Case(
                "api:assignment-recuse",
                role,
                "post",
                expert_write(role, 200),
                target="my_assignment",
                data={"reason": "与该集群成员有合作项目"},
                url=url_of("api:assignment-recuse", "my_assignment"),
            ),
            Case(
                "api:assignment-review",
                role,
                "put",
                expert_write(role, 200),
                target="my_assignment",
                data={"scores": {}, "comments": "草稿"},
                url=url_of("api:assignment-review", "my_assignment"),
            ),
            # The other expert's assignment and review: never the cast's expert's to see.
            Case(
                "api:assignment-detail",
                role,
                "get",
                read(role, {"ministry"}),
                target="other_assignment",
                url=url_of("api:assignment-detail", "other_assignment"),
            ),
        ]
        for route in ("api:review-detail", "api:review-history"):
            cases.append(Case(route, role, "get", read(role), target="my_review", url=url_of(route, "my_review")))
            cases.append(
                Case(
                    route,
                    role,
                    "get",
                    read(role, {"ministry"}),
                    target="other_review",
                    url=url_of(route, "other_review"),
                )
            )
        # The round is visible to every cast member (a published competition; the expert reviews in it).
        cases += [
            Case(
                "api:round-review-auto-assign",
                role,
                "post",
                200 if ministry else 403,
                target="round",
                url=url_of("api:round-review-auto-assign", "round"),
            ),
            Case(
                "api:round-review-review-progress",
                role,
                "get",
                200 if ministry else 403,
                target="round",
                url=url_of("api:round-review-review-progress", "round"),
            ),
        ]
        cases += score_trail_cases(role)
    for route in ("api:expert-pool-list", "api:conflict-list", "api:assignment-list", "api:review-list"):
        cases.append(Case(route, ANON, "get", 401))
    cases += [
        Case("api:review-changes", ANON, "get", 401, target="my_review", url=url_of("api:review-changes", "my_review")),
        Case(
            "api:entry-review-changes",
            ANON,
            "get",
            401,
            target="entry",
            url=url_of("api:entry-review-changes", "entry"),
        ),
        Case(
            "review-changes", ANON, "get", 302, api=False, target="my_review", url=url_of("review-changes", "my_review")
        ),
        Case(
            "entry-review-changes",
            ANON,
            "get",
            302,
            api=False,
            target="entry",
            url=url_of("entry-review-changes", "entry"),
        ),
    ]
    cases.append(
        Case(
            "api:assignment-review",
            ANON,
            "get",
            401,
            target="my_assignment",
            url=url_of("api:assignment-review", "my_assignment"),
        )
    )
    return cases


def score_trail_cases(role):
    """The score trail is the ministry's: an expert is refused (403) even on their own review, and whoever else
    reads the entry (Jiangsu, the assigned expert) is refused its trail; the rest see neither (404)."""
    cases = []
    for api in (True, False):
        review_route = "api:review-changes" if api else "review-changes"
        entry_route = "api:entry-review-changes" if api else "entry-review-changes"
        cases += [
            Case(
                review_route,
                role,
                "get",
                ministry_write(role, 200),
                api=api,
                target="my_review",
                url=url_of(review_route, "my_review"),
            ),
            Case(
                review_route,
                role,
                "get",
                read(role, {"ministry"}),
                api=api,
                target="other_review",
                url=url_of(review_route, "other_review"),
            ),
            Case(
                entry_route,
                role,
                "get",
                ministry_write(role, 200, ENTRY_READERS),
                api=api,
                target="entry",
                url=url_of(entry_route, "entry"),
            ),
        ]
    return cases


def page_cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        cases += [
            Case("expert-pool", role, "get", 200 if ministry else 403, api=False),
            Case(
                "expert-pool-detail",
                role,
                "get",
                200 if ministry else 403,
                api=False,
                target="mine",
                url=url_of("expert-pool-detail", "mine"),
            ),
            Case(
                "expert-eligibility",
                role,
                "get",
                ministry_write(role, 200),
                api=False,
                target="mine",
                url=url_of("expert-eligibility", "mine"),
            ),
            Case(
                "expert-eligibility",
                role,
                "post",
                ministry_write(role, 302),
                api=False,
                target="mine",
                data={"eligible": "0"},
                url=url_of("expert-eligibility", "mine"),
            ),
            Case(
                "conflict-list",
                role,
                "get",
                200 if role in OWN else 403,
                api=False,
                target="review",
                url=list_of("conflict-list"),
            ),
            Case(
                "conflict-add",
                role,
                "get",
                200 if role in OWN else 403,
                api=False,
                target="review",
                url=list_of("conflict-add"),
            ),
            Case(
                "conflict-withdraw",
                role,
                "get",
                ministry_write(role, 200),
                api=False,
                target="declaration",
                url=url_of("conflict-withdraw", "declaration"),
            ),
            Case(
                "conflict-withdraw",
                role,
                "post",
                ministry_write(role, 302),
                api=False,
                target="declaration",
                url=url_of("conflict-withdraw", "declaration"),
            ),
            Case(
                "round-assignments",
                role,
                "get",
                200 if ministry else 403,
                api=False,
                target="round",
                url=url_of("round-assignments", "round"),
            ),
            Case(
                "round-assign",
                role,
                "get",
                200 if ministry else 403,
                api=False,
                target="round",
                url=url_of("round-assign", "round"),
            ),
            Case(
                "round-assign",
                role,
                "post",
                302 if ministry else 403,
                api=False,
                target="round",
                url=url_of("round-assign", "round"),
            ),
            Case(
                "assignment-add",
                role,
                "post",
                ministry_write(role, 302, ENTRY_READERS),
                api=False,
                target="entry",
                data={"expert": "0"},
                url=url_of("assignment-add", "entry"),
            ),
            Case(
                "entry-reviews",
                role,
                "get",
                ministry_write(role, 200, ENTRY_READERS),
                api=False,
                target="entry",
                url=url_of("entry-reviews", "entry"),
            ),
            Case(
                "my-assignments",
                role,
                "get",
                200 if role == "expert" else 403,
                api=False,
                target="review",
                url=list_of("my-assignments"),
            ),
            Case(
                "review-form",
                role,
                "get",
                expert_write(role, 200),
                api=False,
                target="my_assignment",
                url=url_of("review-form", "my_assignment"),
            ),
            Case(
                "review-form",
                role,
                "get",
                read(role, {"ministry"}) if role != "ministry" else 403,
                api=False,
                target="other_assignment",
                url=url_of("review-form", "other_assignment"),
            ),
            Case(
                "assignment-recuse",
                role,
                "get",
                expert_write(role, 200),
                api=False,
                target="my_assignment",
                url=url_of("assignment-recuse", "my_assignment"),
            ),
            Case(
                "assignment-remove",
                role,
                "get",
                ministry_write(role, 200),
                api=False,
                target="my_assignment",
                url=url_of("assignment-remove", "my_assignment"),
            ),
        ]
    for route in ("expert-pool", "conflict-list", "conflict-add", "my-assignments"):
        cases.append(Case(route, ANON, "get", 302, api=False))
    cases.append(
        Case(
            "review-form",
            ANON,
            "get",
            302,
            api=False,
            target="my_assignment",
            url=url_of("review-form", "my_assignment"),
        )
    )
    return cases


def cases():
    return api_cases() + page_cases()
