"""Competitions and entries: the data the tests build (a published competition whose round is open, entries in
each state) and the cross-tenant matrix cases of their API routes and pages.

Entries of the world (`entries(world)`):
- draft:nanjing      — the Nanjing body's complete draft (nobody else sees it)
- submitted:cross    — the Shenzhen body's cross-region cluster (Shenzhen + Suzhou), waiting for Jiangsu and Guangdong
- submitted:shenzhen — the Shenzhen body's cluster, waiting for Guangdong
- endorsed:wuxi      — the Wuxi cluster's entry, endorsed by Jiangsu
"""

from django.urls import reverse

from evaluations.models import Criterion

from ..builders.competitions import READS, RUBRIC, entries, make_competition
from ..cast import MEMBERS, ROLES
from .base import ANON, Case

ENTRIES = ["draft:nanjing", "submitted:cross", "submitted:shenzhen", "endorsed:wuxi"]
# Read-only routes and pages are exercised on these two (every role sees one, the other or neither);
# the transitions on all four states.
SAMPLE = ["draft:nanjing", "submitted:cross"]

# Whose decision each entry waits for.
PENDING = {"submitted:cross": {"jiangsu", "guangdong"}, "submitted:shenzhen": {"guangdong"}}
OWNS = {"nanjing_body": {"draft:nanjing"}, "shenzhen_body": {"submitted:cross", "submitted:shenzhen"}}
COMPETITION_READERS = MEMBERS


def entry_url(route, name, *extra, first=False):
    def make(world):
        submission = entries(world, name)[name]
        args = [submission.pk, *extra]
        if first:
            args.append(submission.claimed_values.first().pk)
        return reverse(route, args=args)

    return make


def claim_url(route, name):
    def make(world):
        submission = entries(world, name)[name]
        criterion = Criterion.objects.get(round=submission.round, kind=Criterion.Kind.INDICATOR)
        return reverse(route, args=[submission.pk, criterion.pk])

    return make


def competition_url(route, *, draft=False, extra=()):
    def make(world):
        if draft:
            competition, _round = make_competition(by=world.ministry, name="草稿竞赛", publish=False)
        else:
            competition = entries(world, "submitted:cross")["competition"]
        return reverse(route, args=[competition.pk, *extra])

    return make


def round_url(route, *, draft=False):
    def make(world):
        if draft:
            _competition, round_ = make_competition(by=world.ministry, name="草稿竞赛", publish=False)
        else:
            round_ = entries(world, "submitted:cross")["round"]
        return reverse(route, args=[round_.pk])

    return make


def criterion_url(route):
    def make(world):
        return reverse(route, args=[entries(world, "submitted:cross")["round"].criteria.first().pk])

    return make


def version_url(route, name):
    def make(world):
        submission = entries(world, name)[name]
        return reverse(route, args=[submission.pk, 1])

    return make


def list_url(route):
    def make(world):
        entries(world)
        return reverse(route)

    return make


def read_status(role, name):
    return 200 if name in READS[role] else 404


def body_write_status(role, name, success):
    """A promotion body's write on an entry: its editors on a draft succeed; the viewer is refused; a submitted
    entry is refused by its state (409); a reader who may not write gets 403; anyone else 404."""
    if name not in READS[role]:
        return 404
    if name not in OWNS.get(role, set()):
        return 403
    return success if name.startswith("draft") else 409


def decision_status(role, name):
    if name not in READS[role]:
        return 404
    if role not in ("jiangsu", "guangdong"):
        return 403
    return 200 if role in PENDING.get(name, set()) else 409


def eligible_status(role, name):
    if name not in READS[role]:
        return 404
    if role != "ministry":
        return 403
    return 200 if name.startswith("endorsed") else 409


def api_cases():
    cases = []
    for role in ROLES:
        reads_competitions = role in COMPETITION_READERS
        ministry = role == "ministry"
        cases += [
            Case("api:competition-list", role, "get", 200, target="entries", url=list_url("api:competition-list")),
            Case("api:competition-list", role, "post", 400 if ministry else 403, data={}),
            Case("api:round-list", role, "get", 200, target="entries", url=list_url("api:round-list")),
            Case("api:round-list", role, "post", 400 if ministry else 403, data={}),
            Case("api:criterion-list", role, "get", 200, target="entries", url=list_url("api:criterion-list")),
            Case("api:entry-list", role, "get", 200, target="entries", url=list_url("api:entry-list")),
            Case(
                "api:entry-list",
                role,
                "post",
                400 if role == "nanjing_body" or role == "shenzhen_body" else 403,
                data={},
            ),
        ]
        for route in ("api:competition-detail", "api:competition-history"):
            cases.append(
                Case(
                    route,
                    role,
                    "get",
                    200 if reads_competitions else 404,
                    target="published",
                    url=competition_url(route),
                )
            )
            cases.append(
                Case(
                    route, role, "get", 200 if ministry else 404, target="draft", url=competition_url(route, draft=True)
                )
            )
        for route in ("api:round-detail", "api:round-history"):
            cases.append(
                Case(route, role, "get", 200 if reads_competitions else 404, target="published", url=round_url(route))
            )
        for route in ("api:criterion-detail", "api:criterion-history"):
            cases.append(
                Case(
                    route, role, "get", 200 if reads_competitions else 404, target="published", url=criterion_url(route)
                )
            )
        competition_write = 404 if not reads_competitions else (200 if ministry else 403)
        cases += [
            Case(
                "api:competition-detail",
                role,
                "patch",
                competition_write,
                target="published",
                data={"description": "更新"},
                url=competition_url("api:competition-detail"),
            ),
            Case(
                "api:competition-detail",
                role,
                "delete",
                204 if ministry else 404,
                target="draft",
                url=competition_url("api:competition-detail", draft=True),
            ),
            Case(
                "api:competition-publish",
                role,
                "post",
                200 if ministry else 404,
                target="draft",
                url=competition_url("api:competition-publish", draft=True),
            ),
            Case(
                "api:competition-publish",
                role,
                "post",
                409 if ministry else competition_write,
                target="published",
                url=competition_url("api:competition-publish"),
            ),
            Case(
                "api:round-detail",
                role,
                "patch",
                competition_write,
                target="published",
                data={"name_en": "Group stage"},
                url=round_url("api:round-detail"),
            ),
            Case(
                "api:round-detail",
                role,
                "delete",
                409 if ministry else competition_write,
                target="published",
                url=round_url("api:round-detail"),
            ),
            Case(
                "api:round-rubric",
                role,
                "put",
                200 if ministry else 404,
                target="draft",
                data=RUBRIC,
                url=round_url("api:round-rubric", draft=True),
            ),
            Case(
                "api:round-rubric",
                role,
                "put",
                409 if ministry else competition_write,
                target="published",
                data=RUBRIC,
                url=round_url("api:round-rubric"),
            ),
        ]
        for name in ENTRIES:
            read = read_status(role, name)
            routes = ("api:entry-detail", "api:entry-history", "api:entry-versions", "api:entry-trail")
            for route in routes if name in SAMPLE else routes[:1]:
                cases.append(Case(route, role, "get", read, target=name, url=entry_url(route, name)))
            cases.append(
                Case(
                    "api:entry-evidence",
                    role,
                    "get",
                    read,
                    target=name,
                    url=entry_url("api:entry-evidence", name, first=True),
                )
            )
            cases += [
                Case(
                    "api:entry-detail",
                    role,
                    "patch",
                    body_write_status(role, name, 409),  # the draft's revision moved on: a stale save
                    target=name,
                    data={"sections": {"overview": "改"}, "revision": 0},
                    url=entry_url("api:entry-detail", name),
                ),
                Case(
                    "api:entry-submit",
                    role,
                    "post",
                    body_write_status(role, name, 200),
                    target=name,
                    url=entry_url("api:entry-submit", name),
                ),
                Case(
                    "api:entry-endorse",
                    role,
                    "post",
                    decision_status(role, name),
                    target=name,
                    url=entry_url("api:entry-endorse", name),
                ),
                Case(
                    "api:entry-return",
                    role,
                    "post",
                    decision_status(role, name),
                    target=name,
                    data={"comment": "请补充佐证材料。"},
                    url=entry_url("api:entry-return", name),
                ),
                Case(
                    "api:entry-eligible",
                    role,
                    "post",
                    eligible_status(role, name),
                    target=name,
                    url=entry_url("api:entry-eligible", name),
                ),
            ]
        for name in SAMPLE:
            cases += [
                Case(
                    "api:entry-claims",
                    role,
                    "post",
                    {409: 400}.get(
                        body_write_status(role, name, 400), body_write_status(role, name, 400)
                    ),  # empty body
                    target=name,
                    url=entry_url("api:entry-claims", name),
                ),
            ]
    for route in ("api:competition-list", "api:round-list", "api:criterion-list", "api:entry-list"):
        cases.append(Case(route, ANON, "get", 401))
    for route in ("api:entry-detail", "api:entry-evidence", "api:entry-submit"):
        first = route == "api:entry-evidence"
        method = "post" if route.endswith("submit") else "get"
        cases.append(
            Case(route, ANON, method, 401, target="draft:nanjing", url=entry_url(route, "draft:nanjing", first=first))
        )
    cases.append(
        Case(
            "api:competition-detail",
            ANON,
            "get",
            401,
            target="published",
            url=competition_url("api:competition-detail"),
        )
    )
    return cases


def page_cases():
    cases = []
    for role in ROLES:
        reads_competitions = role in COMPETITION_READERS
        ministry = role == "ministry"
        competition_write = 404 if not reads_competitions else (200 if ministry else 403)
        body = role in ("nanjing_body", "shenzhen_body")
        cases += [
            Case("competition-list", role, "get", 200, api=False, target="entries", url=list_url("competition-list")),
            Case("competition-add", role, "get", 200 if ministry else 403, api=False),
            Case("entry-list", role, "get", 200, api=False, target="entries", url=list_url("entry-list")),
            Case("entry-export", role, "get", 200, api=False, target="entries", url=list_url("entry-export")),
            Case(
                "entry-add", role, "get", 200 if body else 403, api=False, target="entries", url=list_url("entry-add")
            ),
            Case(
                "competition-detail",
                role,
                "get",
                200 if reads_competitions else 404,
                api=False,
                target="published",
                url=competition_url("competition-detail"),
            ),
            Case(
                "competition-detail",
                role,
                "get",
                200 if ministry else 404,
                api=False,
                target="draft",
                url=competition_url("competition-detail", draft=True),
            ),
            Case(
                "competition-history",
                role,
                "get",
                200 if reads_competitions else 404,
                api=False,
                target="published",
                url=competition_url("competition-history"),
            ),
        ]
        for route in ("competition-edit", "round-add"):
            cases.append(
                Case(route, role, "get", competition_write, api=False, target="published", url=competition_url(route))
            )
        for route in ("competition-publish", "competition-delete"):
            cases.append(
                Case(
                    route,
                    role,
                    "get",
                    200 if ministry else 404,
                    api=False,
                    target="draft",
                    url=competition_url(route, draft=True),
                )
            )
            cases.append(
                Case(
                    route,
                    role,
                    "post",
                    302 if ministry else 404,
                    api=False,
                    target="draft",
                    url=competition_url(route, draft=True),
                )
            )
        for route in ("round-edit", "rubric-edit", "round-delete"):
            cases.append(
                Case(route, role, "get", competition_write, api=False, target="published", url=round_url(route))
            )
        cases.append(
            Case(
                "rubric-edit",
                role,
                "get",
                200 if ministry else 404,
                api=False,
                target="draft",
                url=round_url("rubric-edit", draft=True),
            )
        )
        for name in ENTRIES:
            read = read_status(role, name)
            eligible = eligible_status(role, name)
            cases.append(
                Case(
                    "entry-eligible",
                    role,
                    "get",
                    302 if eligible == 409 else eligible,
                    api=False,
                    target=name,
                    url=entry_url("entry-eligible", name),
                )
            )
            if name not in SAMPLE:
                continue
            for route in ("entry-detail", "entry-history"):
                cases.append(Case(route, role, "get", read, api=False, target=name, url=entry_url(route, name)))
            cases.append(
                Case(
                    "entry-evidence",
                    role,
                    "get",
                    read,
                    api=False,
                    target=name,
                    url=entry_url("entry-evidence", name, first=True),
                )
            )
            # A draft has no version yet.
            version = 404 if name.startswith("draft") else read
            cases.append(
                Case(
                    "entry-version",
                    role,
                    "get",
                    version,
                    api=False,
                    target=name,
                    url=version_url("entry-version", name),
                )
            )
            # Pages answer a refusal by state with a redirect to the entry and the reason as a message.
            page_write = body_write_status(role, name, 200)
            cases += [
                Case(
                    "entry-edit",
                    role,
                    "get",
                    302 if page_write == 409 else page_write,
                    api=False,
                    target=name,
                    url=entry_url("entry-edit", name),
                ),
                Case(
                    "entry-submit",
                    role,
                    "get",
                    302 if page_write == 409 else page_write,
                    api=False,
                    target=name,
                    url=entry_url("entry-submit", name),
                ),
                Case(
                    "entry-autosave",
                    role,
                    "post",
                    body_write_status(role, name, 409),  # revision 0 is stale; a submitted entry is not editable
                    api=False,
                    target=name,
                    data={"overview": "改", "revision": "0"},
                    url=entry_url("entry-autosave", name),
                ),
                Case(
                    "entry-claim",
                    role,
                    "post",
                    {409: 302, 200: 400}.get(page_write, page_write),  # "x" is not a number: a field error
                    api=False,
                    target=name,
                    data={"value": "x"},
                    url=claim_url("entry-claim", name),
                ),
            ]
            decision = decision_status(role, name)
            for route in ("entry-endorse", "entry-return"):
                cases.append(
                    Case(
                        route,
                        role,
                        "get",
                        302 if decision == 409 else decision,
                        api=False,
                        target=name,
                        url=entry_url(route, name),
                    )
                )
    for route in ("competition-list", "entry-list", "competition-add", "entry-add", "entry-export"):
        cases.append(Case(route, ANON, "get", 302, api=False))
    for route in ("entry-detail", "entry-edit", "entry-evidence"):
        first = route == "entry-evidence"
        cases.append(
            Case(
                route,
                ANON,
                "get",
                302,
                api=False,
                target="draft:nanjing",
                url=entry_url(route, "draft:nanjing", first=first),
            )
        )
    return cases


def cases():
    return api_cases() + page_cases()
