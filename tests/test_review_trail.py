"""The score trail: every change of a review's scores and comments is stored structurally (who, when, which
criterion, old and new), exactly (80 is "80"), for a rubric of any length; the ministry reads it on the review and
on the entry (pages and API, newest first, paginated), nobody else does."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scope

from evaluations.models import Assignment, Review, ReviewChange
from evaluations.review import services as review_services
from tenancy.visibility import Viewer

from .builders.review import review_world, scored_round
from .cast import ROLES
from .conftest import count_queries
from .factories import ExpertProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def trail(assignment):
    """(criterion id or None, old score, new score, old comments, new comments) per row, oldest save first and in
    each save the rubric's order then the comments."""
    rows = ReviewChange._base_manager.filter(submission=assignment.submission, expert=assignment.expert)
    return [
        (row.criterion_id, row.old_score, row.new_score, row.old_comments, row.new_comments)
        for row in rows.order_by("created", "pk")
    ]


def test_several_saves_keep_the_exact_old_and_new_score_per_criterion(world):
    _round, (a, b, c), assignment = scored_round(world)
    start = timezone.now()
    save = review_services.review_save
    save(assignment=assignment, scores={a.pk: "80", b.pk: "70.5"}, comments="初评", by=world.expert, now=start)
    save(
        assignment=assignment,
        scores={a.pk: "85", b.pk: "70.50", c.pk: "90"},
        comments="初评",
        submit=True,
        by=world.expert,
        now=start + timedelta(minutes=1),
    )
    save(
        assignment=assignment,
        scores={a.pk: "85", b.pk: "71", c.pk: "0"},
        comments="复核后修改",
        submit=True,
        by=world.expert,
        now=start + timedelta(minutes=2),
    )
    assert trail(assignment) == [
        (a.pk, None, Decimal("80"), "", ""),
        (b.pk, None, Decimal("70.5"), "", ""),
        (None, None, None, "", "初评"),
        (a.pk, Decimal("80"), Decimal("85"), "", ""),  # b unchanged (70.5 = 70.50): no row
        (c.pk, None, Decimal("90"), "", ""),
        (b.pk, Decimal("70.5"), Decimal("71"), "", ""),
        (c.pk, Decimal("90"), Decimal("0"), "", ""),
        (None, None, None, "初评", "复核后修改"),
    ]
    rows = ReviewChange._base_manager.filter(expert=assignment.expert)
    assert {row.actor_id for row in rows} == {world.expert.pk}
    review = Review._base_manager.get(assignment=assignment)
    assert {row.review_id for row in rows} == {review.pk}
    assert sorted({row.created for row in rows}) == [start, start + timedelta(minutes=1), start + timedelta(minutes=2)]


def test_the_history_no_longer_squeezes_scores_into_the_change_reason(world):
    _round, (a, b, c), assignment = scored_round(world)
    review = review_services.review_save(
        assignment=assignment, scores={a.pk: 80, b.pk: 90, c.pk: 100}, submit=True, by=world.expert
    )
    reasons = list(review.history.values_list("history_change_reason", flat=True))
    assert reasons == [gettext("Review submitted")]  # no score in it any more
    assert ReviewChange._base_manager.filter(review=review).count() == 3


def test_a_refused_save_writes_no_trail(world):
    _round, (a, _b, _c), assignment = scored_round(world)
    review_services.review_save(assignment=assignment, scores={a.pk: 50}, by=world.expert)
    before = trail(assignment)
    with pytest.raises(ValidationError):
        review_services.review_save(assignment=assignment, scores={a.pk: 60}, submit=True, by=world.expert)
    with pytest.raises(ValidationError):
        review_services.review_save(assignment=assignment, scores={a.pk: 101}, by=world.expert)
    assert trail(assignment) == before == [(a.pk, None, Decimal("50"), "", "")]


def test_a_rubric_of_25_criteria_keeps_every_change(world):
    _round, criteria, assignment = scored_round(world, criteria=25)
    first = {criterion.pk: Decimal(60 + n) for n, criterion in enumerate(criteria)}
    second = {criterion.pk: Decimal(60 + n) + Decimal("0.25") for n, criterion in enumerate(criteria)}
    review_services.review_save(assignment=assignment, scores=first, submit=True, by=world.expert)
    review_services.review_save(assignment=assignment, scores=second, submit=True, by=world.expert)
    rows = trail(assignment)
    assert len(rows) == 50
    assert rows[:25] == [(c.pk, None, first[c.pk], "", "") for c in criteria]
    assert rows[25:] == [(c.pk, first[c.pk], second[c.pk], "", "") for c in criteria]


def test_scores_read_exactly_in_the_api_and_on_the_page(world, client_for, page_client_for):
    _round, (a, b, c), assignment = scored_round(world)
    review_services.review_save(assignment=assignment, scores={a.pk: 80, b.pk: "85.50", c.pk: 100}, by=world.expert)
    review_services.review_save(assignment=assignment, scores={a.pk: "80.25", b.pk: "85.5"}, by=world.expert)
    review = Review._base_manager.get(assignment=assignment)
    body = client_for(world.ministry).get(reverse("api:review-changes", args=[review.pk])).json()
    assert body["count"] == 5
    assert [(row["criterion"], row["old_score"], row["new_score"], row["field"]) for row in body["results"]] == [
        (a.pk, "80", "80.25", "score"),  # the newest save first; b (85.50 = 85.5) did not change
        (c.pk, "100", None, "score"),  # a score taken back
        (a.pk, None, "80", "score"),
        (b.pk, None, "85.5", "score"),
        (c.pk, None, "100", "score"),
    ]
    assert body["results"][0]["actor"] == "t-expert" and body["results"][0]["expert_username"] == "t-expert"
    page = page_client_for(world.ministry).get(reverse("review-changes", args=[review.pk])).content.decode()
    assert "8E+1" not in page and "1E+2" not in page
    assert '<td class="text-end old-score">80</td>' in page
    assert '<td class="text-end new-score">80.25</td>' in page
    entry_page = page_client_for(world.ministry).get(reverse("entry-reviews", args=[assignment.submission_id]))
    assert "8E+1" not in entry_page.content.decode() and "80.25" in entry_page.content.decode()


def test_the_entry_trail_holds_every_expert_newest_first(world, client_for):
    _round, (a, _b, _c), assignment = scored_round(world)
    other = ExpertProfileFactory(user=UserFactory(username="t-trail-2"), affiliation="清华大学")
    second = review_services.assignment_add(submission=assignment.submission, expert=other, by=world.ministry)
    now = timezone.now()
    review_services.review_save(assignment=assignment, scores={a.pk: 60}, by=world.expert, now=now)
    review_services.review_save(
        assignment=second, scores={a.pk: 75}, comments="意见", by=other.user, now=now + timedelta(seconds=5)
    )
    body = client_for(world.ministry).get(reverse("api:entry-review-changes", args=[assignment.submission_id])).json()
    rows = [(row["expert_username"], row["field"], row["new_score"], row["new_comments"]) for row in body["results"]]
    assert rows == [
        ("t-trail-2", "score", "75", ""),
        ("t-trail-2", "comments", None, "意见"),
        ("t-expert", "score", "60", ""),
    ]


def test_the_trail_outlives_a_draft_removed_with_its_assignment(world):
    _round, (a, _b, _c), assignment = scored_round(world)
    review_services.review_save(assignment=assignment, scores={a.pk: 40}, by=world.expert)
    review_services.assignment_remove(assignment=assignment, by=world.ministry)
    assert not Assignment._base_manager.filter(pk=assignment.pk).exists()
    row = ReviewChange._base_manager.get(submission=assignment.submission)
    assert (row.review_id, row.expert_id, row.criterion_id, row.new_score) == (
        None,
        assignment.expert_id,
        a.pk,
        Decimal("40"),
    )


def test_the_trail_is_paginated_in_the_api_and_the_page(world, client_for, page_client_for):
    _round, criteria, assignment = scored_round(world, criteria=30)
    review_services.review_save(
        assignment=assignment, scores={c.pk: 50 for c in criteria}, comments="全部评分", by=world.expert
    )
    url = reverse("api:entry-review-changes", args=[assignment.submission_id])
    first = client_for(world.ministry).get(url, {"limit": 20}).json()
    assert first["count"] == 31 and len(first["results"]) == 20 and first["next"]
    rest = client_for(world.ministry).get(first["next"]).json()
    assert len(rest["results"]) == 11 and rest["next"] is None
    names = [row["criterion_name"] for row in first["results"] + rest["results"]]
    assert names == [c.display_name for c in criteria] + [None]
    page = page_client_for(world.ministry).get(reverse("entry-review-changes", args=[assignment.submission_id]))
    html = page.content.decode()
    assert html.count('class="score-change"') == 25 and "?page=2" in html


# Who reads the trail -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_ministry_reads_the_trail(role, world, client_for, page_client_for):
    data = review_world(world)  # t-expert's draft and t-expert-2's submitted review of the Wuxi entry
    review, entry = data["my_review"], data["entry"]
    assert ReviewChange._base_manager.filter(submission=entry).count() == 2
    api = client_for(world.user(role))
    responses = [
        api.get(reverse("api:review-changes", args=[review.pk])),
        api.get(reverse("api:entry-review-changes", args=[entry.pk])),
        page_client_for(world.user(role)).get(reverse("review-changes", args=[review.pk])),
        page_client_for(world.user(role)).get(reverse("entry-review-changes", args=[entry.pk])),
    ]
    with scope(viewer=Viewer.for_user(world.user(role))):
        readable = ReviewChange.objects.count()
    if role == "ministry":
        assert [r.status_code for r in responses] == [200, 200, 200, 200]
        assert responses[1].json()["count"] == 2 and readable == 2
    else:
        assert all(r.status_code in (403, 404) for r in responses)
        assert readable == 0
        assert all(b'class="score-change"' not in r.content and b"old_score" not in r.content for r in responses)
    page = page_client_for(world.user(role)).get(reverse("entry-detail", args=[entry.pk]))
    assert ('id="score-trail-link"' in page.content.decode()) == (role == "ministry")


# Query counts ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "page"),
    [
        ("api:review-changes", False),
        ("api:entry-review-changes", False),
        ("review-changes", True),
        ("entry-review-changes", True),
    ],
)
def test_the_trail_costs_the_same_queries_for_one_row_and_many(route, page, world, client_for, page_client_for):
    _round, criteria, assignment = scored_round(world, criteria=5)
    a = criteria[0]
    review = review_services.review_save(assignment=assignment, scores={a.pk: 10}, by=world.expert)
    client = page_client_for(world.ministry) if page else client_for(world.ministry)
    target = review.pk if "entry" not in route else assignment.submission_id
    url = reverse(route, args=[target])
    client.get(url)  # warm caches (content types, sessions)
    one = count_queries(lambda: client.get(url))
    other = ExpertProfileFactory(user=UserFactory(username="t-trail-3"), affiliation="清华大学")
    second = review_services.assignment_add(submission=assignment.submission, expert=other, by=world.ministry)
    for score in range(20, 60, 10):
        review_services.review_save(
            assignment=assignment, scores={c.pk: score for c in criteria}, comments=f"第{score}次", by=world.expert
        )
        review_services.review_save(assignment=second, scores={a.pk: score}, by=other.user)
    response = client.get(url)
    assert response.status_code == 200
    rows = response.json()["count"] if not page else response.content.decode().count('class="score-change"')
    assert rows > 10
    assert count_queries(lambda: client.get(url)) == one
