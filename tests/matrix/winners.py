"""Winners and closure: the cross-tenant matrix cases on a competition whose last round's final result is published
(`tests/builders/winners.py`: `closed_contest`). The closed competition refuses every write with 409 to the ministry
(whoever else may not write it is refused as before: 403 to a reader, 404 to an expert who does not read it); the
designated cluster is on the public register for everyone; its entrant's result, with the experts' comments, is read by
whoever reads published results of that cluster."""

from django.urls import reverse

from ..builders.competitions import RUBRIC
from ..builders.winners import closed_contest
from ..cast import MEMBERS, ROLES, VISIBLE_CLUSTERS
from .base import ANON, rows, table

COMPETITION_READERS = MEMBERS
# Who reads the published result of the provincial (Nanjing body, Jiangsu) entry.
RESULT_READERS = {role for role in ROLES if "provincial_cluster" in VISIBLE_CLUSTERS[role]}


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


def on(url):
    """A URL function of the closed contest, for a row's (route, target)."""
    return lambda route, _target: url(route)


def everyone(status):
    return lambda role, _target: status


def writes(role, _target):
    return write_status(role)


def page_writes(role, _target):
    return page_write_status(role)


def reads(readers, *, api=True):
    return lambda role, _target: read_status(role, readers, api=api)


ALL = [*ROLES, ANON]  # every row asks the anonymous visitor too
CLOSED, RESULT, DESIGNATED = ["closed"], ["closed:provincial"], ["designated"]

# route, method, target, who answers what, body, URL
ROWS = [
    ("api:competition-detail", "get", CLOSED, reads(COMPETITION_READERS), None, competition_url),
    ("api:competition-detail", "patch", CLOSED, writes, {"name": "改名"}, competition_url),
    ("api:competition-publish", "post", CLOSED, writes, None, competition_url),
    ("api:round-detail", "patch", CLOSED, writes, {"name": "改名"}, round_url),
    ("api:round-rubric", "put", CLOSED, writes, RUBRIC, round_url),
    ("competition-edit", "post", CLOSED, page_writes, COMPETITION_PAGE, competition_url),
    ("round-edit", "post", CLOSED, page_writes, ROUND_PAGE, round_url),
    ("api:published-result-detail", "get", RESULT, reads(RESULT_READERS), None, result_url),
    ("my-result-detail", "get", RESULT, reads(RESULT_READERS, api=False), None, result_url),
    ("api:register-detail", "get", DESIGNATED, everyone(200), None, cluster_url),
    ("register-detail", "get", DESIGNATED, everyone(200), None, cluster_url),
    ("notice-result", "get", DESIGNATED, everyone(200), None, notice_url),
]


def cases():
    return table(
        *(
            rows(route, method, expect, roles=ALL, targets=targets, data=data, url=on(url))
            for route, method, targets, expect, data, url in ROWS
        )
    )
