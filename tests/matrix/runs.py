"""Evaluation runs: builders for rounds with eligible entries, reviews and claims (rows written directly: the
review workflow is another part's), and the cross-tenant matrix cases of the runs' pages and API routes.

The world's run (`evaluated(world)`): a published competition whose round has two eligible entries (the Wuxi and
the Shenzhen clusters), each reviewed by the world's expert, and one finished run. Only the ministry sees runs and
results; its admin starts runs.
"""

from django.urls import reverse

from ..builders.exports import export_request
from ..builders.runs import evaluated
from ..cast import ROLES
from .base import ANON, rows, table


def run_url(route, *, result=False, query=""):
    def make(world):
        built = evaluated(world)
        args = [built["run"].pk] + ([built["result"].pk] if result else [])
        return reverse(route, args=args) + query

    return make


def round_url(route):
    def make(world):
        return reverse(route, args=[evaluated(world)["round"].pk])

    return make


def compare_url(world):
    run = evaluated(world)["run"]
    return reverse("evaluation-run-compare") + f"?a={run.pk}&b={run.pk}"


# Who sees the round (a refused write is then a 403, not a 404): the competition's readers, and the world's expert,
# who reviews two of its entries.
COMPETITION_READERS = set(ROLES)


def run_url_list(world):
    evaluated(world)
    return reverse("evaluation-run-list")


def run_url_list_api(world):
    evaluated(world)
    return reverse("api:evaluation-run-list")


def run(route, target):
    """The world's run, or (`result`) one of its results."""
    return run_url(route, result=target == "result")


def evaluate(route, _target):
    return round_url(route)


def fixed(url):
    """A URL function that needs neither the route nor the target."""
    return lambda route, _target: url


def ministry(ok, other):
    return lambda role, _target: ok if role == "ministry" else other


def ministry_of_round(ok):
    """The round's readers (the whole cast) who are not the ministry are refused (403), anyone else 404."""
    return lambda role, _target: ok if role == "ministry" else 403 if role in COMPETITION_READERS else 404


ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}

# route, method, targets, who answers what, body, URL
ROWS = [
    ("evaluation-run-list", "get", [None], ministry(200, 403), None, fixed(run_url_list)),
    ("evaluation-run-compare", "get", [None], ministry(200, 403), None, fixed(compare_url)),
    *(
        (route, "get", ["run"], ministry(200, 404), None, run)
        for route in ("evaluation-run-detail", "evaluation-run-progress")
    ),
    ("evaluation-result-detail", "get", ["result"], ministry(200, 404), None, run),
    ("round-evaluate", "get", ["round"], ministry_of_round(200), None, evaluate),
    ("round-evaluate", "post", ["round"], ministry_of_round(302), None, evaluate),
    ("api:evaluation-run-list", "get", [None], ministry(200, 200), None, fixed(run_url_list_api)),
    ("api:evaluation-run-list", "post", [None], ministry(400, 403), None, None),
    *(
        (route, "get", ["run"], ministry(200, 404), None, run)
        for route in ("api:evaluation-run-detail", "api:evaluation-run-results")
    ),
    ("evaluation-run-list", "get", [None], ANON_PAGE, None, None),
    ("evaluation-run-compare", "get", [None], ANON_PAGE, None, None),
    ("evaluation-run-detail", "get", ["run"], ANON_PAGE, None, run),
    ("round-evaluate", "post", ["round"], ANON_PAGE, None, evaluate),
    ("api:evaluation-run-list", "get", [None], ANON_API, None, None),
    ("api:evaluation-run-list", "post", [None], ANON_API, None, None),
    *(
        (route, "get", ["run"], ANON_API, None, run)
        for route in ("api:evaluation-run-detail", "api:evaluation-run-results")
    ),
]


def cases():
    return table(
        *(
            rows(route, method, expect, targets=targets, data=data, url=url)
            for route, method, targets, expect, data, url in ROWS
        ),
        rows(  # a run's results as an export job (tenancy/exports)
            "export-new",
            "post",
            ministry(302, 404),
            targets=["run-results"],
            fills=export_request("evaluations.run_results", target=lambda world, _target: evaluated(world)["run"].pk),
        ),
    )
