"""Evaluation runs: builders for rounds with eligible entries, reviews and claims (rows written directly: the
review workflow is another part's), and the cross-tenant matrix cases of the runs' pages and API routes.

The world's run (`evaluated(world)`): a published competition whose round has two eligible entries (the Wuxi and
the Shenzhen clusters), each reviewed by the world's expert, and one finished run. Only the ministry sees runs and
results; its admin starts runs.
"""

from django.urls import reverse

from ..builders.runs import evaluated
from ..cast import ROLES
from .base import ANON, Case


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


def cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        reader = 200 if ministry else 404
        cases += [
            Case("evaluation-run-list", role, "get", 200 if ministry else 403, api=False, url=run_url_list),
            Case("evaluation-run-compare", role, "get", 200 if ministry else 403, api=False, url=compare_url),
            Case(
                "evaluation-run-detail",
                role,
                "get",
                reader,
                target="run",
                api=False,
                url=run_url("evaluation-run-detail"),
            ),
            Case(
                "evaluation-run-progress",
                role,
                "get",
                reader,
                target="run",
                api=False,
                url=run_url("evaluation-run-progress"),
            ),
            Case(
                "evaluation-run-export",
                role,
                "get",
                reader,
                target="run",
                api=False,
                url=run_url("evaluation-run-export"),
            ),
            Case(
                "evaluation-result-detail",
                role,
                "get",
                reader,
                target="result",
                api=False,
                url=run_url("evaluation-result-detail", result=True),
            ),
            Case(
                "round-evaluate",
                role,
                "get",
                200 if ministry else 403 if role in COMPETITION_READERS else 404,
                target="round",
                api=False,
                url=round_url("round-evaluate"),
            ),
            Case(
                "round-evaluate",
                role,
                "post",
                302 if ministry else 403 if role in COMPETITION_READERS else 404,
                target="round",
                api=False,
                url=round_url("round-evaluate"),
            ),
            Case("api:evaluation-run-list", role, "get", 200, url=run_url_list_api),
            Case("api:evaluation-run-list", role, "post", 400 if ministry else 403, data={}),
            Case(
                "api:evaluation-run-detail", role, "get", reader, target="run", url=run_url("api:evaluation-run-detail")
            ),
            Case(
                "api:evaluation-run-results",
                role,
                "get",
                reader,
                target="run",
                url=run_url("api:evaluation-run-results"),
            ),
        ]
    cases += [
        Case("evaluation-run-list", ANON, "get", 302, api=False),
        Case("evaluation-run-compare", ANON, "get", 302, api=False),
        Case("evaluation-run-detail", ANON, "get", 302, target="run", api=False, url=run_url("evaluation-run-detail")),
        Case("round-evaluate", ANON, "post", 302, target="round", api=False, url=round_url("round-evaluate")),
        Case("api:evaluation-run-list", ANON, "get", 401),
        Case("api:evaluation-run-list", ANON, "post", 401, data={}),
        Case("api:evaluation-run-detail", ANON, "get", 401, target="run", url=run_url("api:evaluation-run-detail")),
        Case("api:evaluation-run-results", ANON, "get", 401, target="run", url=run_url("api:evaluation-run-results")),
    ]
    return cases


def run_url_list(world):
    evaluated(world)
    return reverse("evaluation-run-list")


def run_url_list_api(world):
    evaluated(world)
    return reverse("api:evaluation-run-list")
