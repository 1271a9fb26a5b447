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
from ..builders.exports import export_request
from ..cast import MEMBERS
from .base import ANON, rows, table

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


def entries_listed(world, _target):
    """The entries made, the query string of the entry list's "All I can see" tab."""
    entries(world)
    return "view=all"


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


# URLs of a row's targets: "published" / "draft" (the competition or its round), "entries" (a list once the
# entries exist), an entry's name.


def competition_at(route, target):
    return competition_url(route, draft=target == "draft")


def round_at(route, target):
    return round_url(route, draft=target == "draft")


def criterion_at(route, _target):
    return criterion_url(route)


def listed(route, _target):
    return list_url(route)


def evidence_url(route, name):
    return entry_url(route, name, first=True)


# Expectations from the truth table: who reads competitions (every organisation), who runs them (the ministry).


def everyone(status):
    return lambda role, _target: status


def ministry(status, otherwise=404):
    return lambda role, _target: status if role == "ministry" else otherwise


def competition_read(role, _target):
    return 200 if role in COMPETITION_READERS else 404


def competition_write(status=200):
    """The ministry's write on a published competition or round; a reader who may not write 403, the rest 404."""
    return lambda role, _target: status if role == "ministry" else 403 if role in COMPETITION_READERS else 404


def claims_status(role, name):
    """An empty body: a field error for whoever may write the entry, in whatever state (400)."""
    status = body_write_status(role, name, 400)
    return 400 if status == 409 else status


def on_page(status):
    """Pages answer a refusal by state (409) with a redirect to the entry and the reason as a message."""
    return lambda role, name: 302 if status(role, name) == 409 else status(role, name)


def claim_page_status(role, name):
    status = body_write_status(role, name, 200)
    return {409: 302, 200: 400}.get(status, status)  # "x" is not a number: a field error


def body_create(role, _target):
    return 400 if role in ("nanjing_body", "shenzhen_body") else 403  # 400: an empty body


def body_page(role, _target):
    return 200 if role in ("nanjing_body", "shenzhen_body") else 403


ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}
PUBLISHED, DRAFT, LISTED = ["published"], ["draft"], ["entries"]


def api_cases():
    return table(
        *(
            rows(route, "get", everyone(200), targets=LISTED, url=listed)
            for route in ("api:competition-list", "api:round-list", "api:criterion-list", "api:entry-list")
        ),
        rows("api:competition-list", "post", ministry(400, 403)),
        rows("api:round-list", "post", ministry(400, 403)),
        rows("api:entry-list", "post", body_create),
        *(
            rows(route, "get", competition_read, targets=PUBLISHED, url=competition_at)
            + rows(route, "get", ministry(200), targets=DRAFT, url=competition_at)
            for route in ("api:competition-detail", "api:competition-history")
        ),
        *(
            rows(route, "get", competition_read, targets=PUBLISHED, url=round_at)
            for route in ("api:round-detail", "api:round-history")
        ),
        *(
            rows(route, "get", competition_read, targets=PUBLISHED, url=criterion_at)
            for route in ("api:criterion-detail", "api:criterion-history")
        ),
        rows(
            "api:competition-detail",
            "patch",
            competition_write(),
            targets=PUBLISHED,
            url=competition_at,
            data={"description": "更新"},
        ),
        rows("api:competition-detail", "delete", ministry(204), targets=DRAFT, url=competition_at),
        rows("api:competition-publish", "post", ministry(200), targets=DRAFT, url=competition_at),
        rows("api:competition-publish", "post", competition_write(409), targets=PUBLISHED, url=competition_at),
        rows(
            "api:round-detail",
            "patch",
            competition_write(),
            targets=PUBLISHED,
            url=round_at,
            data={"name_en": "Group stage"},
        ),
        rows("api:round-detail", "delete", competition_write(409), targets=PUBLISHED, url=round_at),
        rows("api:round-rubric", "put", ministry(200), targets=DRAFT, url=round_at, data=RUBRIC),
        rows("api:round-rubric", "put", competition_write(409), targets=PUBLISHED, url=round_at, data=RUBRIC),
        rows("api:entry-detail", "get", read_status, targets=ENTRIES, url=entry_url),
        *(
            rows(route, "get", read_status, targets=SAMPLE, url=entry_url)
            for route in ("api:entry-history", "api:entry-versions", "api:entry-trail")
        ),
        rows("api:entry-evidence", "get", read_status, targets=ENTRIES, url=evidence_url),
        rows(
            "api:entry-detail",
            "patch",
            lambda role, name: body_write_status(role, name, 409),  # the draft's revision moved on: a stale save
            targets=ENTRIES,
            url=entry_url,
            data={"sections": {"overview": "改"}, "revision": 0},
        ),
        rows(
            "api:entry-submit",
            "post",
            lambda role, name: body_write_status(role, name, 200),
            targets=ENTRIES,
            url=entry_url,
        ),
        rows("api:entry-endorse", "post", decision_status, targets=ENTRIES, url=entry_url),
        rows(
            "api:entry-return",
            "post",
            decision_status,
            targets=ENTRIES,
            url=entry_url,
            data={"comment": "请补充佐证材料。"},
        ),
        rows("api:entry-eligible", "post", eligible_status, targets=ENTRIES, url=entry_url),
        rows("api:entry-claims", "post", claims_status, targets=SAMPLE, url=entry_url),
        *(
            rows(route, "get", ANON_API)
            for route in ("api:competition-list", "api:round-list", "api:criterion-list", "api:entry-list")
        ),
        rows("api:entry-detail", "get", ANON_API, targets=["draft:nanjing"], url=entry_url),
        rows("api:entry-evidence", "get", ANON_API, targets=["draft:nanjing"], url=evidence_url),
        rows("api:entry-submit", "post", ANON_API, targets=["draft:nanjing"], url=entry_url),
        rows("api:competition-detail", "get", ANON_API, targets=PUBLISHED, url=competition_at),
    )


def page_cases():
    return table(
        rows("competition-list", "get", everyone(200), targets=LISTED, url=listed),
        rows("competition-add", "get", ministry(200, 403)),
        rows("entry-list", "get", everyone(200), targets=LISTED, url=listed),
        rows(  # the entry list as an export job (tenancy/exports)
            "export-new",
            "post",
            everyone(302),
            targets=LISTED,
            fills=export_request("evaluations.entries", query=entries_listed),
        ),
        rows("entry-add", "get", body_page, targets=LISTED, url=listed),
        rows("competition-detail", "get", competition_read, targets=PUBLISHED, url=competition_at),
        rows("competition-detail", "get", ministry(200), targets=DRAFT, url=competition_at),
        rows("competition-history", "get", competition_read, targets=PUBLISHED, url=competition_at),
        *(
            rows(route, "get", competition_write(), targets=PUBLISHED, url=competition_at)
            for route in ("competition-edit", "round-add")
        ),
        *(
            rows(route, "get", ministry(200), targets=DRAFT, url=competition_at)
            + rows(route, "post", ministry(302), targets=DRAFT, url=competition_at)
            for route in ("competition-publish", "competition-delete")
        ),
        *(
            rows(route, "get", competition_write(), targets=PUBLISHED, url=round_at)
            for route in ("round-edit", "rubric-edit", "round-delete")
        ),
        rows("rubric-edit", "get", ministry(200), targets=DRAFT, url=round_at),
        rows("entry-eligible", "get", on_page(eligible_status), targets=ENTRIES, url=entry_url),
        *(
            rows(route, "get", read_status, targets=SAMPLE, url=entry_url)
            for route in ("entry-detail", "entry-history")
        ),
        rows("entry-evidence", "get", read_status, targets=SAMPLE, url=evidence_url),
        rows(  # a draft has no version yet
            "entry-version",
            "get",
            lambda role, name: 404 if name.startswith("draft") else read_status(role, name),
            targets=SAMPLE,
            url=version_url,
        ),
        *(
            rows(
                route,
                "get",
                on_page(lambda role, name: body_write_status(role, name, 200)),
                targets=SAMPLE,
                url=entry_url,
            )
            for route in ("entry-edit", "entry-submit")
        ),
        rows(
            "entry-autosave",
            "post",
            lambda role, name: body_write_status(
                role, name, 409
            ),  # revision 0 is stale; a submitted entry is not editable
            targets=SAMPLE,
            url=entry_url,
            data={"overview": "改", "revision": "0"},
        ),
        rows("entry-claim", "post", claim_page_status, targets=SAMPLE, url=claim_url, data={"value": "x"}),
        *(
            rows(route, "get", on_page(decision_status), targets=SAMPLE, url=entry_url)
            for route in ("entry-endorse", "entry-return")
        ),
        *(
            rows(route, "get", ANON_PAGE)
            for route in ("competition-list", "entry-list", "competition-add", "entry-add")
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=["draft:nanjing"], url=entry_url)
            for route in ("entry-detail", "entry-edit")
        ),
        rows("entry-evidence", "get", ANON_PAGE, targets=["draft:nanjing"], url=evidence_url),
    )


def cases():
    return api_cases() + page_cases()
