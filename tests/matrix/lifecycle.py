"""The lifecycle of entries in the cross-tenant matrix: the formal check's refusal (ineligible), the withdrawal, the
carry-over of one entry that advanced, and the ministry opening a later round.

The refusal and the withdrawal act on the entries of `entries(world)` (tests/builders/competitions.py); the
carry-over on those of `ranked(world)` (tests/builders/lifecycle.py): the first round's entries of the Nanjing and
Shenzhen clusters advanced, the Wuxi cluster's did not; the second round is open.
"""

from django.urls import reverse

from ..builders.competitions import READS, entries
from ..builders.lifecycle import ranked
from ..cast import MEMBERS, ROLES
from .base import ANON, Case

ENTRIES = ["draft:nanjing", "submitted:cross", "submitted:shenzhen", "endorsed:wuxi"]
OWNS = {"nanjing_body": {"draft:nanjing"}, "shenzhen_body": {"submitted:cross", "submitted:shenzhen"}}
COMPETITION_READERS = MEMBERS

# Who reads which first-round entry of the ranked competition, and whose body writes it.
RANKED_READS = {
    "ministry": {"nanjing", "shenzhen", "wuxi"},
    "jiangsu": {"nanjing", "wuxi"},
    "guangdong": {"shenzhen"},
    "nanjing_body": {"nanjing"},
    "nanjing_viewer": {"nanjing"},
    "shenzhen_body": {"shenzhen"},
    "expert": set(),
}
RANKED_OWNS = {"nanjing_body": {"nanjing"}, "shenzhen_body": {"shenzhen"}}
ADVANCED = {"nanjing", "shenzhen"}


def entry_url(route, name):
    def make(world):
        return reverse(route, args=[entries(world, name)[name].pk])

    return make


def ranked_url(route, name):
    def make(world):
        return reverse(route, args=[ranked(world)[name].pk])

    return make


def round_url(route, which):
    def make(world):
        return reverse(route, args=[ranked(world)[which].pk])

    return make


def ineligible_status(role, name):
    """The ministry's formal check: only an endorsed entry (else 409); others may not (403, or 404 unseen)."""
    if name not in READS[role]:
        return 404
    if role != "ministry":
        return 403
    return 200 if name.startswith("endorsed") else 409


def withdraw_status(role, name):
    """The owning body's editors withdraw any entry of theirs before the deadline; its viewer and others may not."""
    if name not in READS[role]:
        return 404
    return 200 if name in OWNS.get(role, set()) else 403


def carry_over_status(role, name):
    if name not in RANKED_READS[role]:
        return 404
    if name not in RANKED_OWNS.get(role, set()):
        return 403
    return 201 if name in ADVANCED else 409


def round_status(role, which):
    if role not in COMPETITION_READERS:
        return 404
    if role != "ministry":
        return 403
    return 200 if which == "second" else 409


def page(status, done=302):
    """A page answers the API's success with `done` and a refusal by state (409) with a redirect to the entry."""
    return done if status in (200, 201) else 302 if status == 409 else status


def cases():
    found = []
    for role in ROLES:
        for name in ENTRIES:
            ineligible, withdraw = ineligible_status(role, name), withdraw_status(role, name)
            found += [
                Case(
                    "api:entry-ineligible",
                    role,
                    "post",
                    ineligible,
                    target=name,
                    data={"reason": "申报材料不符合形式要求。"},
                    url=entry_url("api:entry-ineligible", name),
                ),
                Case(
                    "entry-ineligible",
                    role,
                    "get",
                    page(ineligible, 200),
                    api=False,
                    target=name,
                    url=entry_url("entry-ineligible", name),
                ),
                Case(
                    "entry-ineligible",
                    role,
                    "post",
                    page(ineligible),
                    api=False,
                    target=name,
                    data={"reason": "申报材料不符合形式要求。"},
                    url=entry_url("entry-ineligible", name),
                ),
                Case(
                    "api:entry-withdraw",
                    role,
                    "post",
                    withdraw,
                    target=name,
                    url=entry_url("api:entry-withdraw", name),
                ),
                Case(
                    "entry-withdraw",
                    role,
                    "get",
                    page(withdraw, 200),
                    api=False,
                    target=name,
                    url=entry_url("entry-withdraw", name),
                ),
                Case(
                    "entry-withdraw",
                    role,
                    "post",
                    page(withdraw),
                    api=False,
                    target=name,
                    data={"reason": ""},
                    url=entry_url("entry-withdraw", name),
                ),
            ]
        for name in ("nanjing", "shenzhen", "wuxi"):
            status = carry_over_status(role, name)
            target = f"ranked:{name}"
            found += [
                Case(
                    "api:entry-carry-over",
                    role,
                    "post",
                    status,
                    target=target,
                    url=ranked_url("api:entry-carry-over", name),
                ),
                Case(
                    "entry-carry-over",
                    role,
                    "get",
                    page(status, 200),
                    api=False,
                    target=target,
                    url=ranked_url("entry-carry-over", name),
                ),
                Case(
                    "entry-carry-over",
                    role,
                    "post",
                    page(status),
                    api=False,
                    target=target,
                    data={"confirm": "True"},
                    url=ranked_url("entry-carry-over", name),
                ),
            ]
        for which in ("first", "second"):
            status = round_status(role, which)
            target = f"ranked:{which}-round"
            found += [
                Case(
                    "api:round-carry-over",
                    role,
                    "post",
                    status,
                    target=target,
                    url=round_url("api:round-carry-over", which),
                ),
                Case(
                    "round-carry-over",
                    role,
                    "get",
                    200 if status == 409 else status,  # the confirmation; the refusal comes with the POST
                    api=False,
                    target=target,
                    url=round_url("round-carry-over", which),
                ),
                Case(
                    "round-carry-over",
                    role,
                    "post",
                    page(status),
                    api=False,
                    target=target,
                    url=round_url("round-carry-over", which),
                ),
            ]
    for route in ("api:entry-ineligible", "api:entry-withdraw"):
        found.append(Case(route, ANON, "post", 401, target="endorsed:wuxi", url=entry_url(route, "endorsed:wuxi")))
    found.append(
        Case(
            "api:entry-carry-over",
            ANON,
            "post",
            401,
            target="ranked:nanjing",
            url=ranked_url("api:entry-carry-over", "nanjing"),
        )
    )
    found.append(
        Case(
            "api:round-carry-over",
            ANON,
            "post",
            401,
            target="ranked:second-round",
            url=round_url("api:round-carry-over", "second"),
        )
    )
    for route in ("entry-ineligible", "entry-withdraw"):
        for method in ("get", "post"):
            found.append(
                Case(route, ANON, method, 302, api=False, target="endorsed:wuxi", url=entry_url(route, "endorsed:wuxi"))
            )
    for method in ("get", "post"):
        found.append(
            Case(
                "entry-carry-over",
                ANON,
                method,
                302,
                api=False,
                target="ranked:nanjing",
                url=ranked_url("entry-carry-over", "nanjing"),
            )
        )
        found.append(
            Case(
                "round-carry-over",
                ANON,
                method,
                302,
                api=False,
                target="ranked:second-round",
                url=round_url("round-carry-over", "second"),
            )
        )
    return found
