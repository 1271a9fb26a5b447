"""Winners and closure: the cross-tenant matrix cases on a competition whose last round's final result is published
(`tests/builders/winners.py`: `closed_contest`). The closed competition refuses every write with 409 to the ministry
(whoever else may not write it is refused as before: 403 to a reader, 404 to an expert who does not read it); the
designated cluster is on the public register for everyone; its entrant's result, with the experts' comments, is read by
whoever reads published results of that cluster."""

from django.urls import reverse

from ..builders.competitions import RUBRIC
from ..builders.winners import closed_contest
from ..cast import MEMBERS, ROLES
from .base import ANON, Case

COMPETITION_READERS = MEMBERS
# Who reads the published result of the provincial (Nanjing body, Jiangsu) entry.
RESULT_READERS = {"ministry", "jiangsu", "nanjing_body", "nanjing_viewer"}


def competition_url(route):
    return lambda world: reverse(route, args=[closed_contest(world)["competition"].pk])


def round_url(route):
    return lambda world: reverse(route, args=[closed_contest(world)["round"].pk])


def result_url(route):
    return lambda world: reverse(route, args=[closed_contest(world)["results"]["provincial"].pk])


def cluster_url(route):
    return lambda world: reverse(route, args=[closed_contest(world)["clusters"]["provincial"].pk])


def notice_url(route):
    return lambda world: reverse(route, args=[closed_contest(world)["notice"].pk])


def write_status(role):
    if role == ANON:
        return 401
    if role == "ministry":
        return 409
    return 403 if role in COMPETITION_READERS else 404


def page_write_status(role):
    return 302 if role == ANON else write_status(role)


def read_status(role, readers, *, api=True):
    if role == ANON:
        return 401 if api else 302
    return 200 if role in readers else 404


ROUND_PAGE = {
    "position": 1,
    "name": "改名",
    "submission_opens": "2030-01-01 00:00",
    "submission_closes": "2030-02-01 00:00",
    "review_opens": "2030-02-02 00:00",
    "review_closes": "2030-03-01 00:00",
    "advancement_rule": "top_n",
    "advance_top_n": 1,
}
COMPETITION_PAGE = {"year": 2024, "name": "改名", "endorsement_level": "province", "fields": ["ngit"]}


def cases():
    found = []
    for role in [*ROLES, ANON]:
        target = "closed"
        found += [
            Case(
                "api:competition-detail",
                role,
                "get",
                read_status(role, COMPETITION_READERS),
                target,
                url=competition_url("api:competition-detail"),
            ),
            Case(
                "api:competition-detail",
                role,
                "patch",
                write_status(role),
                target,
                data={"name": "改名"},
                url=competition_url("api:competition-detail"),
            ),
            Case(
                "api:competition-publish",
                role,
                "post",
                write_status(role),
                target,
                url=competition_url("api:competition-publish"),
            ),
            Case(
                "api:round-detail",
                role,
                "patch",
                write_status(role),
                target,
                data={"name": "改名"},
                url=round_url("api:round-detail"),
            ),
            Case(
                "api:round-rubric",
                role,
                "put",
                write_status(role),
                target,
                data=RUBRIC,
                url=round_url("api:round-rubric"),
            ),
            Case(
                "competition-edit",
                role,
                "post",
                page_write_status(role),
                target,
                api=False,
                data=COMPETITION_PAGE,
                url=competition_url("competition-edit"),
            ),
            Case(
                "round-edit",
                role,
                "post",
                page_write_status(role),
                target,
                api=False,
                data=ROUND_PAGE,
                url=round_url("round-edit"),
            ),
            Case(
                "api:published-result-detail",
                role,
                "get",
                read_status(role, RESULT_READERS),
                "closed:provincial",
                url=result_url("api:published-result-detail"),
            ),
            Case(
                "my-result-detail",
                role,
                "get",
                read_status(role, RESULT_READERS, api=False),
                "closed:provincial",
                api=False,
                url=result_url("my-result-detail"),
            ),
            Case("api:register-detail", role, "get", 200, "designated", url=cluster_url("api:register-detail")),
            Case("register-detail", role, "get", 200, "designated", api=False, url=cluster_url("register-detail")),
            Case("notice-result", role, "get", 200, "designated", api=False, url=notice_url("notice-result")),
        ]
    return found
