"""Expert review: the data the tests build and the cross-tenant matrix cases of its API routes and pages.

`review_world(world)` adds to the competition of tests.matrix.competitions: the Wuxi entry declared eligible, the
round's review window open now, two more experts, the cast's expert (t-expert) and t-expert-2 assigned to the Wuxi
entry, a draft review by t-expert and a submitted one by t-expert-2, and a conflict declared for t-expert with the
Nanjing cluster. Who sees what: the ministry everything; t-expert their own profile, assignment, review and
conflict (never t-expert-2's review); the Wuxi entry is also read by Jiangsu (its jurisdiction); nobody else sees
any of it.
"""

from django.urls import reverse

from ..builders.exports import export_request
from ..builders.review import review_world
from ..cast import ROLES
from .base import ANON, rows, table


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


def where(route, target):
    """The URL function of a row's target: a list once the review world exists, or one of its objects."""
    if target is None:
        return None
    return list_of(route) if target == "review" else url_of(route, target)


def each(status, anon=None):
    """role -> status(role) for the cast; an anonymous visitor's `anon` besides (no case when None)."""
    expect = {role: status(role) for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


def everyone(status):
    return each(lambda role: status)


def ministry(ok, other=403, anon=None):
    return each(lambda role: ok if role == "ministry" else other, anon)


def reads(readers=OWN, anon=None):
    return each(lambda role: read(role, readers), anon)


def by_ministry(success, readers=OWN, anon=None):
    return each(lambda role: ministry_write(role, success, readers), anon)


def by_expert(success, anon=None):
    return each(lambda role: expert_write(role, success), anon)


def own(ok, other=403):
    return each(lambda role: ok if role in OWN else other)


# route, method, target, who answers what, body
API = [
    *(
        (route, "get", "review", everyone(200), None)
        for route in ("api:expert-pool-list", "api:conflict-list", "api:assignment-list", "api:review-list")
    ),
    *(
        (route, "get", None, {ANON: 401}, None)
        for route in ("api:expert-pool-list", "api:conflict-list", "api:assignment-list", "api:review-list")
    ),
    ("api:conflict-list", "post", "review", own(400), {}),
    ("api:assignment-list", "post", "review", ministry(400), {}),
    ("api:expert-pool-detail", "get", "mine", reads(), None),
    ("api:expert-pool-history", "get", "mine", reads(), None),
    ("api:expert-pool-eligibility", "post", "mine", by_ministry(200), {"is_eligible": False}),
    ("api:conflict-detail", "get", "declaration", reads(), None),
    ("api:conflict-history", "get", "declaration", reads(), None),
    ("api:conflict-detail", "delete", "declaration", by_ministry(204), None),
    ("api:assignment-detail", "get", "my_assignment", reads(), None),
    ("api:assignment-history", "get", "my_assignment", reads(), None),
    ("api:assignment-review", "get", "my_assignment", reads(anon=401), None),
    ("api:assignment-detail", "delete", "my_assignment", by_ministry(204), None),
    ("api:assignment-recuse", "post", "my_assignment", by_expert(200), {"reason": "与该集群成员有合作项目"}),
    ("api:assignment-review", "put", "my_assignment", by_expert(200), {"scores": {}, "comments": "草稿"}),
    # The other expert's assignment and review: never the cast's expert's to see.
    ("api:assignment-detail", "get", "other_assignment", reads({"ministry"}), None),
    *((route, "get", "my_review", reads(), None) for route in ("api:review-detail", "api:review-history")),
    *(
        (route, "get", "other_review", reads({"ministry"}), None)
        for route in ("api:review-detail", "api:review-history")
    ),
    # The round is visible to every cast member (a published competition; the expert reviews in it).
    ("api:round-review-auto-assign", "post", "round", ministry(200), None),
    ("api:round-review-review-progress", "get", "round", ministry(200), None),
]

# The score trail is the ministry's: an expert is refused (403) even on their own review, and whoever else reads
# the entry (Jiangsu, the assigned expert) is refused its trail; the rest see neither (404).
SCORE_TRAIL = [
    row
    for prefix, anon in (("api:", 401), ("", 302))
    for row in (
        (f"{prefix}review-changes", "get", "my_review", by_ministry(200, anon=anon), None),
        (f"{prefix}review-changes", "get", "other_review", reads({"ministry"}), None),
        (f"{prefix}entry-review-changes", "get", "entry", by_ministry(200, ENTRY_READERS, anon=anon), None),
    )
]

PAGES = [
    ("expert-pool", "get", None, ministry(200, anon=302), None),
    ("expert-pool-detail", "get", "mine", ministry(200), None),
    ("expert-eligibility", "get", "mine", by_ministry(200), None),
    ("expert-eligibility", "post", "mine", by_ministry(302), {"eligible": "0"}),
    ("conflict-list", "get", "review", own(200), None),
    ("conflict-add", "get", "review", own(200), None),
    *((route, "get", None, {ANON: 302}, None) for route in ("conflict-list", "conflict-add", "my-assignments")),
    ("conflict-withdraw", "get", "declaration", by_ministry(200), None),
    ("conflict-withdraw", "post", "declaration", by_ministry(302), None),
    ("round-assignments", "get", "round", ministry(200), None),
    ("round-assign", "get", "round", ministry(200), None),
    ("round-assign", "post", "round", ministry(302), None),
    ("assignment-add", "post", "entry", by_ministry(302, ENTRY_READERS), {"expert": "0"}),
    ("entry-reviews", "get", "entry", by_ministry(200, ENTRY_READERS), None),
    ("my-assignments", "get", "review", each(lambda role: 200 if role == "expert" else 403), None),
    ("review-form", "get", "my_assignment", by_expert(200, anon=302), None),
    ("review-form", "get", "other_assignment", ministry(403, 404), None),
    ("assignment-recuse", "get", "my_assignment", by_expert(200), None),
    ("assignment-remove", "get", "my_assignment", by_ministry(200), None),
]


def _pk_of(world, target):
    return review_world(world)[target].pk


# The exports of the ministry's review lists (tenancy/exports), answered where their pages are: a round's assignments,
# an entry's reviews, one review's and an entry's score trail.
EXPORTS = [
    ("evaluations.round_assignments", "round", ministry(302)),
    ("evaluations.entry_reviews", "entry", by_ministry(302, ENTRY_READERS)),
    ("evaluations.review_changes", "my_review", by_ministry(302)),
    ("evaluations.review_changes", "other_review", each(lambda role: 302 if role == "ministry" else 404)),
    ("evaluations.entry_review_changes", "entry", by_ministry(302, ENTRY_READERS)),
]


def cases():
    return table(
        *(
            rows(route, method, expect, targets=[target], url=where, data=data)
            for route, method, target, expect, data in API + SCORE_TRAIL + PAGES
        ),
        *(
            rows("export-new", "post", expect, targets=[f"{key}@{target}"], fills=export_request(key, target=_target))
            for key, target, expect in EXPORTS
        ),
    )


def _target(world, case_target):
    return _pk_of(world, case_target.split("@")[-1])
