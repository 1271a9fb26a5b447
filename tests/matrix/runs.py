"""Evaluation runs: builders for rounds with eligible entries, reviews and claims (rows written directly: the
review workflow is another part's), and the cross-tenant matrix cases of the runs' pages and API routes.

The world's run (`evaluated(world)`): a published competition whose round has two eligible entries (the Wuxi and
the Shenzhen clusters), each reviewed by the world's expert, and one finished run. Only the ministry sees runs and
results; its admin starts runs.
"""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from evaluations.competitions import services as competition_services
from evaluations.models import (
    Assignment,
    ClaimedValue,
    Criterion,
    Dimension,
    Review,
    ReviewScore,
    Round,
    Submission,
    Track,
)
from evaluations.runs import services as run_services
from evaluations.runs.execution import execute_run

from ..factories import ClusterFactory, ExpertProfileFactory, indicator
from .base import ANON, Case
from .competitions import ROLES, make_competition


def expert_criterion(name, weight, max_score=100, **extra):
    return {
        "name": name,
        "kind": Criterion.Kind.EXPERT,
        "weight": weight,
        "max_score": max_score,
        "dimension": Dimension.DIVISION_OF_LABOUR,
        **extra,
    }


def indicator_criterion(name, weight, code, max_score=100):
    return {
        "name": name,
        "kind": Criterion.Kind.INDICATOR,
        "weight": weight,
        "max_score": max_score,
        "indicator": indicator(code),
        "dimension": Dimension.RESOURCE_ENDOWMENT,
    }


def make_round(*, by, name="评审运行测试竞赛", rubric=None, rule="top_n", top_n=1, threshold=None):
    """A published competition (tracks: high-end equipment, NGIT) and its round with `rubric` (default: one
    expert criterion of weight 60, one revenue indicator of weight 40) and advancement rule."""
    _competition, round_ = make_competition(by=by, name=name)
    if rubric is not None:
        competition_services.rubric_replace(round=round_, criteria=rubric, by=by)
    Round._base_manager.filter(pk=round_.pk).update(
        advancement_rule=rule,
        advance_top_n=top_n if rule == "top_n" else None,
        advance_threshold=threshold if rule == "threshold" else None,
    )
    round_.refresh_from_db()
    return round_


def criteria_of(round_):
    return list(Criterion._base_manager.filter(round=round_).order_by("position", "pk"))


def add_entry(
    round_,
    *,
    cluster=None,
    field="high_end_equipment",
    status=Submission.Status.ELIGIBLE,
    submitted_at=None,
    claims=None,
):
    """An entry of the round in `status` (eligible by default), with claimed values {criterion: value}."""
    cluster = cluster or ClusterFactory(field_id=field)
    track = Track._base_manager.get(competition_id=round_.competition_id, field_id=cluster.field_id)
    submission = Submission._base_manager.create(
        round=round_,
        track=track,
        cluster=cluster,
        status=status,
        submitted_at=submitted_at or timezone.now() - timedelta(days=5),
    )
    for criterion, value in (claims or {}).items():
        ClaimedValue._base_manager.create(submission=submission, criterion=criterion, value=Decimal(str(value)))
    return submission


def add_review(submission, expert, scores, *, status=Review.Status.SUBMITTED, assignment=Assignment.Status.ASSIGNED):
    """The expert's review of the entry with {criterion: score}."""
    link = Assignment._base_manager.create(submission=submission, expert=expert, status=assignment)
    review = Review._base_manager.create(assignment=link, status=status)
    ReviewScore._base_manager.bulk_create(
        ReviewScore(review=review, criterion=criterion, score=Decimal(str(score)))
        for criterion, score in scores.items()
    )
    return review


def experts(count):
    return [ExpertProfileFactory() for _ in range(count)]


def run_now(round_, *, by):
    """Start a run and execute it in-process (tests: the queued task never runs without a commit)."""
    run = run_services.run_start(round=round_, by=by)
    execute_run(run.pk)
    run.refresh_from_db()
    return run


def evaluated(world):
    """The world's evaluated round (see the module docstring), built once per world."""
    cache = getattr(world, "_evaluated", None)
    if cache is not None:
        return cache
    round_ = make_round(by=world.ministry, name="评审运行矩阵竞赛")
    expert_c, revenue = criteria_of(round_)
    profile = world.expert.expert_profile
    wuxi = add_entry(round_, cluster=world.wuxi_cluster, claims={revenue: 800})
    shenzhen = add_entry(round_, cluster=world.shenzhen_cluster, claims={revenue: 1200})
    add_review(wuxi, profile, {expert_c: 80})
    add_review(shenzhen, profile, {expert_c: 70})
    run = run_now(round_, by=world.ministry)
    cache = world._evaluated = {"round": round_, "run": run, "result": run.results.order_by("pk").first()}
    return cache


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
COMPETITION_READERS = {"ministry", "jiangsu", "guangdong", "nanjing_body", "shenzhen_body", "nanjing_viewer", "expert"}


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
