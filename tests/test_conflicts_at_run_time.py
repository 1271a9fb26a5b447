"""Conflicts checked when they count: a run leaves out a review whose expert is conflicted with the entry's cluster
when it loads its inputs (the totals as worked out by hand, the exclusions listed on the result with the reason,
part of the digest, re-runs byte-identical); declaring a conflict, or a change of the expert's region or
affiliation that creates one, recuses the expert's open assignments and flags their submitted reviews, and tells
the ministry."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.models import Assignment, EvaluationRun, Result, Review
from evaluations.review import services as review_services
from evaluations.runs import services as run_services
from evaluations.runs.scoring import CriterionSpec, EntrySpec, RunInputs, digest
from tenancy.errors import Refusal
from tenancy.experts import services as expert_services
from tenancy.models import Notification

from .builders.runs import (
    add_assignment,
    add_entry,
    add_review,
    criteria_of,
    expert_criterion,
    experts,
    make_round,
    round_set,
    run_now,
)
from .factories import ClusterFactory, MemberFactory

pytestmark = pytest.mark.django_db

D = Decimal
COLUMNS = ("submission_id", "track_id", "expert_score", "indicator_score", "total", "rank", "advanced", "breakdown")


def panel_round(world, *, name="冲突复核竞赛"):
    """Entries A and B (clusters in Nanjing), one expert criterion (weight 100, scale 10). Experts 1 and 2 score
    A 8 and B 4, expert 3 scores A 4 and B 8: every expert's mean (6) and standard deviation (2) are the round's,
    so every normalised score is the raw score, and the totals are ten times the plain means: A (8 + 8 + 4) / 3,
    B (4 + 4 + 8) / 3. Without expert 3: A 8, B 4."""
    round_ = make_round(by=world.ministry, name=name, rubric=[expert_criterion("协作", 100, max_score=10)], top_n=1)
    (criterion,) = criteria_of(round_)
    first, second, third = experts(3)
    a = add_entry(round_, cluster=ClusterFactory(name="南京甲集群", region_codes=["320100"]))
    b = add_entry(round_, cluster=ClusterFactory(name="南京乙集群", region_codes=["320104"]))
    reviews = {}
    for expert, score_a, score_b in ((first, 8, 4), (second, 8, 4), (third, 4, 8)):
        reviews[(expert.pk, a.pk)] = add_review(a, expert, {criterion: score_a})
        reviews[(expert.pk, b.pk)] = add_review(b, expert, {criterion: score_b})
    return round_, (a, b), (first, second, third), reviews


def totals(run):
    return {r.submission_id: r.total for r in Result.objects.filter(run=run)}


def result_rows(run):
    return list(Result.objects.filter(run=run).order_by("submission_id").values_list(*COLUMNS))


# A run leaves out what is conflicted when it loads its inputs ---------------------------------------------------


def test_a_run_leaves_out_reviews_conflicted_after_submission(world):
    round_, (a, b), (_first, _second, third), reviews = panel_round(world)
    before = run_now(round_, by=world.ministry)
    assert totals(before) == {a.pk: D("66.6667"), b.pk: D("53.3333")}
    assert (before.summary["scores"], before.excluded_reviews) == (6, [])
    # Expert 3 declares, after submitting both reviews, that they advised both clusters.
    for cluster in (a.cluster, b.cluster):
        review_services.conflict_declare(expert=third, cluster=cluster, reason="曾任两个集群的顾问", by=third.user)
    after = run_now(round_, by=world.ministry)
    assert after.status == EvaluationRun.Status.SUCCEEDED, after.message
    # A: 8 instead of (8 + 8 + 4) / 3, i.e. +13.3333; B: 4 instead of (4 + 4 + 8) / 3, i.e. −13.3333.
    assert totals(after) == {a.pk: D("80.0000"), b.pk: D("40.0000")}
    assert totals(after)[a.pk] - totals(before)[a.pk] == D("13.3333")
    assert totals(after)[b.pk] - totals(before)[b.pk] == D("-13.3333")
    assert after.summary["scores"] == 4 and after.summary["experts"] == 2
    assert after.excluded_reviews == [
        {
            "review": reviews[(third.pk, entry.pk)].pk,
            "entry": entry.pk,
            "expert": third.pk,
            "expert_name": str(third),
            "reasons": ["declared"],
        }
        for entry in (a, b)
    ]
    breakdown = Result.objects.get(run=after, submission=a).breakdown["criteria"][0]
    assert third.pk not in breakdown["experts"] and breakdown["raw"] == [8.0, 8.0]


def test_exclusions_are_in_the_digest_and_re_runs_are_identical(world):
    round_, (a, b), (_first, _second, third), _reviews = panel_round(world)
    before = run_now(round_, by=world.ministry)
    declarations = [
        review_services.conflict_declare(expert=third, cluster=entry.cluster, reason="亲属任职", by=world.ministry)
        for entry in (a, b)
    ]
    one = run_now(round_, by=world.ministry)
    two = run_now(round_, by=world.ministry)
    assert one.digest == two.digest != before.digest
    assert result_rows(one) == result_rows(two) and one.summary == two.summary
    assert one.excluded_reviews == two.excluded_reviews and len(one.excluded_reviews) == 2
    # Withdrawn, the conflicts no longer exclude anything: the inputs, the digest and the results are the first's.
    for declaration in declarations:
        review_services.conflict_withdraw(declaration=declaration, by=world.ministry)
    three = run_now(round_, by=world.ministry)
    assert three.digest == before.digest and result_rows(three) == result_rows(before)
    assert three.excluded_reviews == []


def test_the_digest_tells_a_left_out_review_from_a_missing_one():
    criteria = [CriterionSpec(1, "expert", D(100), D(10))]
    common = {"round_id": 1, "rule": "top_n", "top_n": 1, "threshold": None, "criteria": criteria}
    entries = [EntrySpec(10, 1, None), EntrySpec(11, 1, None)]
    scores = [(10, 1, 1, 8), (11, 1, 1, 4)]
    absent = RunInputs.from_scores(scores=scores, entries=entries, **common)
    left_out = RunInputs.from_scores(scores=scores, entries=entries, excluded=[(99, 10, 3, ("declared",))], **common)
    other_reason = RunInputs.from_scores(scores=scores, entries=entries, excluded=[(99, 10, 3, ("region",))], **common)
    assert len({digest(absent), digest(left_out), digest(other_reason)}) == 3
    # The review's own id is not an input: the same exclusion of another row of the same pair hashes the same.
    same = RunInputs.from_scores(scores=scores, entries=entries, excluded=[(7, 10, 3, ("declared",))], **common)
    assert digest(same) == digest(left_out)


def test_a_left_out_review_does_not_count_towards_the_minimum(world):
    round_, (a, b), (_first, _second, third), _reviews = panel_round(world)
    round_set(round_, min_submitted_reviews=3)
    review_services.conflict_declare(expert=third, cluster=a.cluster, reason="亲属任职", by=world.ministry)
    with pytest.raises(Refusal) as refused, translation.override("en"):
        run_services.run_start(round=round_, by=world.ministry)
    assert refused.value.code == "reviews_missing"
    assert f"南京甲集群 (entry No. {a.pk}): 2 of 3" in refused.value.message
    assert f"{third} (left out, conflict of interest: declared conflict)" in refused.value.message
    (row,) = refused.value.details["entries"]
    assert row["experts"] == [{"expert": third.pk, "name": str(third), "state": "excluded", "reasons": ["declared"]}]
    assert not EvaluationRun.objects.filter(round=round_).exists()


def test_the_result_page_and_api_list_each_left_out_review(world, page_client_for, client_for):
    round_, (a, b), (_first, _second, third), _reviews = panel_round(world)
    expert_services.expert_profile_update(profile=third, by=world.ministry, region="320100")
    run = run_now(round_, by=world.ministry)
    page = page_client_for(world.ministry).get(
        reverse("evaluation-run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert 'id="excluded-reviews"' in text and str(third) in text
    assert f"entry No. {a.pk}" in text and f"entry No. {b.pk}" in text
    assert "based in one of the cluster&#x27;s regions" in text
    body = client_for(world.ministry).get(reverse("api:evaluation-run-detail", args=[run.pk])).json()
    assert [(row["entry"], row["expert"], row["reasons"]) for row in body["excluded_reviews"]] == [
        (a.pk, third.pk, ["region"]),
        (b.pk, third.pk, ["region"]),
    ]
    assert body["excluded_reviews"][0]["expert_name"] == str(third)


# What a conflict does to assignments and reviews ----------------------------------------------------------------


def two_rounds(world):
    """The same Nanjing cluster in two competitions' rounds: the expert's review of the first entry is submitted,
    the second entry is assigned to them and not started; another cluster's entry is assigned too."""
    cluster = ClusterFactory(name="南京丙集群", region_codes=["320100"])
    first_round = make_round(by=world.ministry, name="第一轮竞赛")
    second_round = make_round(by=world.ministry, name="第二轮竞赛")
    (expert,) = experts(1)
    submitted = add_review(add_entry(first_round, cluster=cluster), expert, {criteria_of(first_round)[0]: 70})
    open_one = add_assignment(add_entry(second_round, cluster=cluster), expert)
    elsewhere = add_assignment(add_entry(second_round, cluster=ClusterFactory(region_codes=["440300"])), expert)
    return expert, cluster, submitted, open_one, elsewhere


def ministry_notifications(world):
    return list(Notification.objects.filter(organisation=world.orgs["ministry"], kind="review.conflict_found"))


def test_declaring_a_conflict_recuses_open_assignments_and_flags_submitted_reviews(world, client_for):
    expert, cluster, submitted, open_one, elsewhere = two_rounds(world)
    with translation.override("en"):
        review_services.conflict_declare(expert=expert, cluster=cluster, reason="曾任该集群顾问", by=expert.user)
    open_one.refresh_from_db()
    submitted.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (open_one.status, open_one.recusal_reason) == ("recused", "Declared conflict: 曾任该集群顾问")
    assert open_one.history.first().history_change_reason == "Recused: conflict of interest"
    assert submitted.assignment.status == Assignment.Status.ASSIGNED  # a submitted review is flagged, not withdrawn
    assert submitted.conflict_flagged and submitted.conflict_flag_reason == "Declared conflict: 曾任该集群顾问"
    assert submitted.conflict_flagged_at is not None
    assert submitted.history.first().history_change_reason == "Flagged: conflict of interest"
    assert submitted.history.first().history_user == expert.user
    assert elsewhere.status == Assignment.Status.ASSIGNED
    (notification,) = ministry_notifications(world)
    assert notification.params["recused"] == 1 and notification.params["flagged"] == 1
    assert notification.params["clusters"] == "南京丙集群" and notification.actor == expert.user
    assert notification.link == reverse("entry-reviews", args=[submitted.assignment.submission_id])
    body = client_for(world.ministry).get(reverse("api:review-detail", args=[submitted.pk])).json()
    assert body["conflict_flagged"] is True and body["conflict_flag_reason"] == "Declared conflict: 曾任该集群顾问"


def test_the_ministry_sees_the_flag_on_the_entry_reviews(world, page_client_for):
    expert, cluster, submitted, _open_one, _elsewhere = two_rounds(world)
    with translation.override("en"):
        review_services.conflict_declare(expert=expert, cluster=cluster, reason="曾任该集群顾问", by=world.ministry)
    page = page_client_for(world.ministry).get(
        reverse("entry-reviews", args=[submitted.assignment.submission_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "flagged: conflict of interest" in text and "Declared conflict: 曾任该集群顾问" in text


def test_a_profile_change_that_creates_a_region_conflict_recuses_and_flags(world):
    expert, _cluster, submitted, open_one, elsewhere = two_rounds(world)
    with translation.override("en"):
        expert_services.expert_profile_update(profile=expert, by=world.ministry, region="320102")
    expert.refresh_from_db()
    open_one.refresh_from_db()
    submitted.refresh_from_db()
    elsewhere.refresh_from_db()
    assert expert.region_id == "320102"
    assert expert.history.first().history_change_reason == "Profile changed"
    reason = "Conflict of interest after a change of the expert's profile: based in one of the cluster's regions"
    assert (open_one.status, open_one.recusal_reason) == ("recused", reason)
    assert submitted.conflict_flagged and submitted.conflict_flag_reason == reason
    assert elsewhere.status == Assignment.Status.ASSIGNED  # Shenzhen: no conflict
    (notification,) = ministry_notifications(world)
    assert (notification.params["recused"], notification.params["flagged"]) == (1, 1)


def test_a_profile_change_that_creates_an_affiliation_conflict_recuses_and_flags(world):
    expert, cluster, submitted, open_one, _elsewhere = two_rounds(world)
    MemberFactory(cluster=cluster, name="南京高精传动设备制造集团")
    expert_services.expert_profile_update(
        profile=expert, by=world.ministry, affiliation="南京高精传动设备制造集团技术中心"
    )
    open_one.refresh_from_db()
    submitted.refresh_from_db()
    assert open_one.status == Assignment.Status.RECUSED and submitted.conflict_flagged


def test_a_profile_change_without_a_conflict_changes_no_assignment(world):
    expert, _cluster, submitted, open_one, _elsewhere = two_rounds(world)
    expert_services.expert_profile_update(profile=expert, by=world.ministry, region="110105", is_eligible=False)
    open_one.refresh_from_db()
    submitted.refresh_from_db()
    assert open_one.status == Assignment.Status.ASSIGNED and not submitted.conflict_flagged
    assert ministry_notifications(world) == []
    unchanged = expert.history.count()
    expert_services.expert_profile_update(profile=expert, by=world.ministry, region="110105")
    assert expert.history.count() == unchanged  # nothing changed, nothing recorded


def test_the_admin_changes_a_profile_through_the_service(world, page_client_for):
    expert, _cluster, submitted, open_one, _elsewhere = two_rounds(world)
    world.ministry.is_staff = world.ministry.is_superuser = True
    world.ministry.save()
    response = page_client_for(world.ministry).post(
        reverse("admin:tenancy_expertprofile_change", args=[expert.pk]),
        {"affiliation": expert.affiliation, "region": "320100", "is_eligible": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    open_one.refresh_from_db()
    submitted.refresh_from_db()
    assert open_one.status == Assignment.Status.RECUSED and submitted.conflict_flagged
    assert submitted.history.first().history_user == world.ministry


def test_withdrawing_the_declaration_clears_its_flag_but_not_the_recusal(world):
    expert, cluster, submitted, open_one, _elsewhere = two_rounds(world)
    declaration = review_services.conflict_declare(expert=expert, cluster=cluster, reason="顾问", by=world.ministry)
    review_services.conflict_withdraw(declaration=declaration, by=world.ministry)
    submitted.refresh_from_db()
    open_one.refresh_from_db()
    assert not submitted.conflict_flagged and submitted.conflict_flag_reason == ""
    assert open_one.status == Assignment.Status.RECUSED
    # A conflict that remains (the region) keeps the flag.
    expert_services.expert_profile_update(profile=expert, by=world.ministry, region="320100")
    declaration = review_services.conflict_declare(expert=expert, cluster=cluster, reason="顾问", by=world.ministry)
    review_services.conflict_withdraw(declaration=declaration, by=world.ministry)
    assert Review.objects.get(pk=submitted.pk).conflict_flagged
