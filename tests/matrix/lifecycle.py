"""The lifecycle of entries in the cross-tenant matrix: the formal check's refusal (ineligible), the withdrawal, the
carry-over of one entry that advanced, and the ministry opening a later round.

The refusal and the withdrawal act on the entries of `entries(world)` (tests/builders/competitions.py); the
carry-over on those of `ranked(world)` (tests/builders/lifecycle.py): the first round's entries of the Nanjing and
Shenzhen clusters advanced, the Wuxi cluster's did not; the second round is open.
"""

from django.urls import reverse

from ..builders.competitions import READS, entries
from ..builders.lifecycle import ranked
from ..cast import MEMBERS, ROLES, VISIBLE_CLUSTERS, WRITABLE_CLUSTERS
from .base import ANON, rows, table

ENTRIES = ["draft:nanjing", "submitted:cross", "submitted:shenzhen", "endorsed:wuxi"]
OWNS = {"nanjing_body": {"draft:nanjing"}, "shenzhen_body": {"submitted:cross", "submitted:shenzhen"}}
COMPETITION_READERS = MEMBERS

# Who reads which first-round entry of the ranked competition, and whose body writes it.
RANKED = ("nanjing", "shenzhen", "wuxi")  # the clusters of the ranked competition's entries
RANKED_READS = {role: {name for name in RANKED if f"{name}_cluster" in VISIBLE_CLUSTERS[role]} for role in ROLES}
RANKED_OWNS = {
    role: {name for name in RANKED if f"{name}_cluster" in names} for role, names in WRITABLE_CLUSTERS.items()
}
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


def ranked_entry(route, target):
    return ranked_url(route, target.removeprefix("ranked:"))


def ranked_round(route, target):
    return round_url(route, target.removeprefix("ranked:").removesuffix("-round"))


def on_page(status, done=302):
    return lambda role, target: page(status(role, target), done)


def carry_over(role, target):
    return carry_over_status(role, target.removeprefix("ranked:"))


def round_carry_over(role, target):
    return round_status(role, target.removeprefix("ranked:").removesuffix("-round"))


def round_confirmation(role, target):
    """The confirmation page; the refusal by state comes with the POST."""
    status = round_carry_over(role, target)
    return 200 if status == 409 else status


INELIGIBLE = {"reason": "申报材料不符合形式要求。"}
RANKED_ENTRIES = [f"ranked:{name}" for name in RANKED]
ROUNDS = ["ranked:first-round", "ranked:second-round"]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def cases():
    return table(
        rows("api:entry-ineligible", "post", ineligible_status, targets=ENTRIES, url=entry_url, data=INELIGIBLE),
        rows("entry-ineligible", "get", on_page(ineligible_status, 200), targets=ENTRIES, url=entry_url),
        rows("entry-ineligible", "post", on_page(ineligible_status), targets=ENTRIES, url=entry_url, data=INELIGIBLE),
        rows("api:entry-withdraw", "post", withdraw_status, targets=ENTRIES, url=entry_url),
        rows("entry-withdraw", "get", on_page(withdraw_status, 200), targets=ENTRIES, url=entry_url),
        rows("entry-withdraw", "post", on_page(withdraw_status), targets=ENTRIES, url=entry_url, data={"reason": ""}),
        rows("api:entry-carry-over", "post", carry_over, targets=RANKED_ENTRIES, url=ranked_entry),
        rows("entry-carry-over", "get", on_page(carry_over, 200), targets=RANKED_ENTRIES, url=ranked_entry),
        rows(
            "entry-carry-over",
            "post",
            on_page(carry_over),
            targets=RANKED_ENTRIES,
            url=ranked_entry,
            data={"confirm": "True"},
        ),
        rows("api:round-carry-over", "post", round_carry_over, targets=ROUNDS, url=ranked_round),
        rows("round-carry-over", "get", round_confirmation, targets=ROUNDS, url=ranked_round),
        rows("round-carry-over", "post", on_page(round_carry_over), targets=ROUNDS, url=ranked_round),
        *(
            rows(route, "post", ANON_API, targets=["endorsed:wuxi"], url=entry_url)
            for route in ("api:entry-ineligible", "api:entry-withdraw")
        ),
        rows("api:entry-carry-over", "post", ANON_API, targets=["ranked:nanjing"], url=ranked_entry),
        rows("api:round-carry-over", "post", ANON_API, targets=["ranked:second-round"], url=ranked_round),
        *(
            table(
                *(
                    rows(route, method, ANON_PAGE, targets=["endorsed:wuxi"], url=entry_url)
                    for route in ("entry-ineligible", "entry-withdraw")
                ),
                rows("entry-carry-over", method, ANON_PAGE, targets=["ranked:nanjing"], url=ranked_entry),
                rows("round-carry-over", method, ANON_PAGE, targets=["ranked:second-round"], url=ranked_round),
            )
            for method in ("get", "post")
        ),
    )
