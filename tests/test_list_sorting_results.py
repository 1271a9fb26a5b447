"""Sorting of the ministry's review lists and of the result lists: a round's expert assignments, an entry's reviews,
the score trails, a run's ranking and a monitoring evaluation's results. Each declared sort orders hand-built rows
with known values in both directions, and each page's query count holds for one row and for many."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.review.tables import (
    ENTRY_REVIEW_CHANGE_SORTS,
    ENTRY_REVIEW_SORTS,
    REVIEW_CHANGE_SORTS,
    ROUND_ASSIGNMENT_SORTS,
)
from evaluations.runs.tables import RESULT_SORTS as RUN_RESULT_SORTS
from monitoring.evaluation.tables import RESULT_SORTS as MONITORING_RESULT_SORTS
from tenancy.models import IndustryField

from .builders.sorting import assert_sorts
from .conftest import count_queries
from .factories import (
    AssignmentFactory,
    ClusterFactory,
    CriterionFactory,
    EarlyWarningFactory,
    EvaluationRunFactory,
    ExpertProfileFactory,
    MonitoringEvaluationFactory,
    MonitoringResultFactory,
    ResultFactory,
    ReviewChangeFactory,
    ReviewFactory,
    RoundFactory,
    SubmissionFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def day(number):
    return datetime.datetime(2031, 3, number, 9, 0, tzinfo=datetime.UTC)


def fields():
    return list(IndustryField.objects.order_by("position", "code")[:3])


def expert(last):
    return ExpertProfileFactory(user=UserFactory(username=f"sort-expert-{last.lower()}", last_name=last))


def test_a_rounds_assignments_sort_by_each_column(world, page_client_for):
    round_ = RoundFactory(experts_per_entry=3)
    first, second, third = fields()
    tracks = {f.code: TrackFactory(competition=round_.competition, field_id=f.code) for f in (first, second, third)}

    def entry(cluster, field, assigned, submitted):
        submission = SubmissionFactory(
            round=round_,
            track=tracks[field.code],
            cluster=ClusterFactory(name=cluster),
            status="eligible",
            submitted_at=day(1),
        )
        for number in range(assigned):
            assignment = AssignmentFactory(submission=submission, expert=expert(f"{cluster}{number}"))
            if number < submitted:
                ReviewFactory(assignment=assignment, status="submitted")
        return submission

    a = entry("Sort B", second, 2, 1)
    b = entry("Sort C", third, 3, 2)
    c = entry("Sort A", first, 1, 0)
    expected = {"entry": [c, a, b], "track": [c, a, b], "submitted": [c, a, b], "assigned": [c, a, b]}
    url = reverse("round-assignments", args=[round_.pk])
    client = page_client_for(world.ministry)
    assert_sorts(client, url, ROUND_ASSIGNMENT_SORTS, expected, default_order=[c, a, b])


def test_an_entrys_reviews_sort_by_each_column(world, page_client_for):
    submission = SubmissionFactory(status="eligible", submitted_at=day(1))

    def review(last, status, submitted):
        assignment = AssignmentFactory(submission=submission, expert=expert(last))
        return ReviewFactory(assignment=assignment, status=status, submitted_at=day(submitted) if submitted else None)

    a = review("Bai", "submitted", 2)
    b = review("Chen", "submitted", 3)
    c = review("An", "draft", None)
    expected = {
        "expert": [c, a, b],
        "status": ([c, a, b], [a, b, c]),  # draft, submitted: ties by row
        "submitted": ([a, b, c], [b, a, c]),  # not submitted last both ways
    }
    url = reverse("entry-reviews", args=[submission.pk])
    assert_sorts(page_client_for(world.ministry), url, ENTRY_REVIEW_SORTS, expected, default_order=[c, a, b])


def trail():
    """Three changes of one entry's reviews by two experts, on criteria of positions 2, 3 and 1."""
    submission = SubmissionFactory(status="eligible", submitted_at=day(1))
    criteria = [CriterionFactory(round=submission.round, position=n) for n in (1, 2, 3)]
    first = ReviewFactory(assignment=AssignmentFactory(submission=submission, expert=expert("Bai")))
    second = ReviewFactory(assignment=AssignmentFactory(submission=submission, expert=expert("An")))

    def change(review, when, actor, criterion):
        return ReviewChangeFactory(
            review=review, created=day(when), actor=UserFactory(username=f"sort-actor-{actor}"), criterion=criterion
        )

    a = change(first, 2, "c", criteria[1])
    b = change(first, 3, "a", criteria[2])
    c = change(second, 1, "b", criteria[0])
    return submission, first, (a, b, c)


def test_the_score_trails_sort_by_each_column(world, page_client_for):
    submission, first, (a, b, c) = trail()
    client = page_client_for(world.ministry)
    expected = {"when": [c, a, b], "by": [b, c, a], "criterion": [c, a, b], "expert": ([c, a, b], [a, b, c])}
    url = reverse("entry-review-changes", args=[submission.pk])
    assert_sorts(client, url, ENTRY_REVIEW_CHANGE_SORTS, expected, default_order=[b, a, c])
    one = {"when": [a, b], "by": [b, a], "criterion": [a, b]}
    url = reverse("review-changes", args=[first.pk])
    assert_sorts(client, url, REVIEW_CHANGE_SORTS, one, default_order=[b, a])
    assert "sort=expert" not in client.get(url).content.decode()


def test_a_runs_ranking_sorts_by_each_column(world, page_client_for):
    run = EvaluationRunFactory(status="succeeded")
    first, second, _third = fields()
    tracks = {f.code: TrackFactory(competition=run.round.competition, field_id=f.code) for f in (first, second)}

    def result(cluster, field, rank, expert_score, indicator, total, advanced):
        submission = SubmissionFactory(round=run.round, track=tracks[field.code], cluster=ClusterFactory(name=cluster))
        return ResultFactory(
            run=run,
            submission=submission,
            rank=rank,
            expert_score=Decimal(expert_score),
            indicator_score=Decimal(indicator),
            total=Decimal(total),
            advanced=advanced,
        )

    a = result("Sort B", first, 2, "80", "60", "72", True)
    b = result("Sort C", second, 1, "90", "70", "82", False)
    c = result("Sort A", first, 1, "70", "50", "62", True)
    tracks[first.code].position, tracks[second.code].position = 1, 2
    for track in tracks.values():
        track.save(update_fields=["position"])
    expected = {
        "track": [c, a, b],  # within a track, by rank
        "rank": ([b, c, a], [a, b, c]),  # rank 1 twice: ties by row
        "cluster": [c, a, b],
        "expert_score": [c, a, b],
        "indicator_score": [c, a, b],
        "total": [c, a, b],
        "advanced": ([a, c, b], [b, a, c]),  # advancing first; ties by row
    }
    url = reverse("evaluation-run-detail", args=[run.pk])
    assert_sorts(page_client_for(world.ministry), url, RUN_RESULT_SORTS, expected, default_order=[c, a, b])


def test_a_monitoring_evaluations_results_sort_by_each_column(world, page_client_for):
    evaluation = MonitoringEvaluationFactory(status="succeeded")
    first, second, third = fields()

    def result(cluster, field, grade, overall, change, recommendation, warnings):
        made = MonitoringResultFactory(
            evaluation=evaluation,
            cluster=ClusterFactory(name=cluster, field_id=field.code),
            grade=grade,
            overall=Decimal(overall),
            change=Decimal(change),
            recommendation=recommendation,
        )
        for _ in range(warnings):
            EarlyWarningFactory(result=made)
        return made

    a = result("Sort B", second, "B", "70", "2", "warn", 1)
    b = result("Sort C", third, "C", "60", "5", "drop", 2)
    c = result("Sort A", first, "A", "80", "-1", "keep", 0)
    expected = {
        "cluster": [c, a, b],
        "field": [c, a, b],
        "grade": [c, a, b],
        "overall": [b, a, c],
        "change": [c, a, b],
        "recommendation": [c, a, b],
        "warnings": [c, a, b],
    }
    url = reverse("monitoring-evaluation-detail", args=[evaluation.pk])
    client = page_client_for(world.ministry)
    assert_sorts(client, url, MONITORING_RESULT_SORTS, expected, default_order=[c, a, b])


# Query counts --------------------------------------------------------------------------------------------------------


def same_count(client, url, params, grow):
    client.get(url, params)
    few = count_queries(lambda: client.get(url, params))
    grow()
    many = count_queries(lambda: client.get(url, params))
    assert few == many


def test_the_review_lists_query_counts_do_not_grow_with_rows(world, page_client_for):
    client = page_client_for(world.ministry)
    submission = SubmissionFactory(status="eligible", submitted_at=day(1))
    CriterionFactory(round=submission.round)

    def reviewed():
        ReviewChangeFactory(review=ReviewFactory(assignment=AssignmentFactory(submission=submission), status="draft"))

    reviewed()
    for route, pk, sort in (
        ("round-assignments", submission.round_id, "-assigned"),
        ("entry-reviews", submission.pk, "expert"),
        ("entry-review-changes", submission.pk, "expert"),
    ):
        same_count(client, reverse(route, args=[pk]), {"sort": sort}, lambda: [reviewed() for _ in range(8)])


def test_the_result_lists_query_counts_do_not_grow_with_rows(world, page_client_for):
    client = page_client_for(world.ministry)
    run = EvaluationRunFactory(status="succeeded")
    track = TrackFactory(competition=run.round.competition)

    def result():
        ResultFactory(run=run, submission=SubmissionFactory(round=run.round, track=track))

    result()
    same_count(
        client,
        reverse("evaluation-run-detail", args=[run.pk]),
        {"sort": "cluster"},
        lambda: [result() for _ in range(10)],
    )
    evaluation = MonitoringEvaluationFactory(status="succeeded")
    EarlyWarningFactory(result=MonitoringResultFactory(evaluation=evaluation))
    same_count(
        client,
        reverse("monitoring-evaluation-detail", args=[evaluation.pk]),
        {"sort": "-warnings"},
        lambda: [EarlyWarningFactory(result=MonitoringResultFactory(evaluation=evaluation)) for _ in range(10)],
    )
