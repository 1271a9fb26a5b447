"""Builders for the runs tests and the runs matrix cases (tests/matrix/runs.py)."""

from datetime import timedelta
from decimal import Decimal

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
from .competitions import make_competition


def expert_criterion(name, weight, max_score=100, **extra):
    return {
        "name": name,
        "kind": Criterion.Kind.EXPERT,
        "weight": weight,
        "max_score": max_score,
        "dimension": Dimension.DIVISION_OF_LABOUR,
        **extra,
    }


def indicator_criterion(name, weight, code, max_score=100, floor=None, ceiling=None):
    return {
        "name": name,
        "kind": Criterion.Kind.INDICATOR,
        "weight": weight,
        "max_score": max_score,
        "indicator": indicator(code),
        "floor": floor,
        "ceiling": ceiling,
        "dimension": Dimension.RESOURCE_ENDOWMENT,
    }


def make_round(
    *,
    by,
    name="评审运行测试竞赛",
    rubric=None,
    rule="top_n",
    top_n=1,
    threshold=None,
    min_reviews=1,
    standardise_from=5,
):
    """A published competition of 2024 (tracks: high-end equipment, NGIT) and its round with `rubric` (default:
    one expert criterion of weight 60, one revenue indicator of weight 40), advancement rule, minimum of submitted
    reviews per entry (1; None: the round's experts per entry) and standardisation minimum."""
    _competition, round_ = make_competition(by=by, name=name)
    if rubric is not None:
        competition_services.rubric_replace(round=round_, criteria=rubric, by=by)
    Round._base_manager.filter(pk=round_.pk).update(
        advancement_rule=rule,
        advance_top_n=top_n if rule == "top_n" else None,
        advance_threshold=threshold if rule == "threshold" else None,
        min_submitted_reviews=min_reviews,
        standardise_from=standardise_from,
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


def add_assignment(submission, expert):
    """The expert assigned to the entry, with no review yet."""
    return Assignment._base_manager.create(submission=submission, expert=expert)


def round_set(round_, **values):
    """Set the round's attributes directly (experts per entry, minimum of reviews, blind review…)."""
    Round._base_manager.filter(pk=round_.pk).update(**values)
    round_.refresh_from_db()
    return round_
