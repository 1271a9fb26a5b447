"""Builders for the review tests and the review matrix cases (tests/matrix/review.py)."""

from datetime import timedelta
from decimal import Decimal

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
