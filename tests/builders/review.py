"""Builders for the review tests and the review matrix cases (tests/matrix/review.py)."""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from evaluations.entries import services
from evaluations.models import Criterion, Round
from evaluations.review import services as review_services

from ..factories import ExpertProfileFactory, UserFactory
from .competitions import entries


def review_world(world):
    cache = getattr(world, "_review", None)
    if cache is not None:
        return cache
    competition = entries(world, "endorsed:wuxi")
    entry = competition["endorsed:wuxi"]
    services.submission_mark_eligible(submission=entry, by=world.ministry)
    round_ = competition["round"]
    now = timezone.now()
    Round._base_manager.filter(pk=round_.pk).update(
        review_opens=now - timedelta(days=1), review_closes=now + timedelta(days=10)
    )
    round_.refresh_from_db()
    criterion = Criterion._base_manager.get(round=round_, kind=Criterion.Kind.EXPERT)
    mine = world.expert.expert_profile
    other = ExpertProfileFactory(user=UserFactory(username="t-expert-2"), affiliation="清华大学")
    third = ExpertProfileFactory(user=UserFactory(username="t-expert-3"), affiliation="北京大学")
    my_assignment = review_services.assignment_add(submission=entry, expert=mine, by=world.ministry)
    other_assignment = review_services.assignment_add(submission=entry, expert=other, by=world.ministry)
    my_review = review_services.review_save(
        assignment=my_assignment, scores={criterion.pk: Decimal("80")}, by=world.expert
    )
    other_review = review_services.review_save(
        assignment=other_assignment, scores={criterion.pk: Decimal("70")}, submit=True, by=other.user
    )
    declaration = review_services.conflict_declare(
        expert=mine, cluster=world.nanjing_cluster, reason="曾任该集群顾问", by=world.ministry
    )
    cache = world._review = {
        "entry": entry,
        "round": round_,
        "criterion": criterion,
        "mine": mine,
        "other": other,
        "third": third,
        "my_assignment": my_assignment,
        "other_assignment": other_assignment,
        "my_review": my_review,
        "other_review": other_review,
        "declaration": declaration,
    }
    return cache


def scored_round(world, *, criteria=3, name="评分留痕测试竞赛"):
    """A round of `criteria` expert criteria (equal weights, maximum 100) whose review window is open now, with the
    Wuxi cluster's entry eligible and the cast's expert assigned to it. Returns (round, criteria, assignment)."""
    from .runs import add_entry, criteria_of, expert_criterion, make_round

    weights = [(Decimal(100) / criteria).quantize(Decimal("0.01"), rounding=ROUND_DOWN)] * criteria
    weights[-1] = Decimal(100) - sum(weights[:-1])
    round_ = make_round(
        by=world.ministry,
        name=name,
        rubric=[expert_criterion(f"评审要点{n + 1}", weight) for n, weight in enumerate(weights)],
    )
    now = timezone.now()
    Round._base_manager.filter(pk=round_.pk).update(
        review_opens=now - timedelta(days=1), review_closes=now + timedelta(days=10)
    )
    round_.refresh_from_db()
    entry = add_entry(round_, cluster=world.wuxi_cluster)
    assignment = review_services.assignment_add(submission=entry, expert=world.expert.expert_profile, by=world.ministry)
    return round_, criteria_of(round_), assignment
