"""Frozen after publication: once a notice is published from a run of a round, the round's rubric, windows,
advancement rule, formal check, assignments and reviews refuse changes (409, code frozen, nothing changed; the
pages say why and hide the buttons). A published result is corrected by a new run with a stated reason (the
ministry's) and a new notice; the old and the new stay visible and link each other."""

import html
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.competitions import services as competition_services
from evaluations.competitions.selectors import published_run, round_frozen
from evaluations.entries import services as entry_services
from evaluations.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    EvaluationRun,
    PublicNotice,
    Review,
    ReviewChange,
    ReviewScore,
    Round,
    Submission,
    SubmissionEvent,
)
from evaluations.notice import services as notice_services
from evaluations.review import services as review_services
from evaluations.runs import services as run_services
from evaluations.runs.execution import execute_run
from tenancy.errors import Refusal

from .builders.competitions import RUBRIC, entries
from .builders.notice import make_run, notice_in
from .builders.review import review_world
from .builders.runs import add_entry, make_round

pytestmark = pytest.mark.django_db

WATCHED = (Round, Criterion, Submission, SubmissionEvent, Assignment, Review, ReviewScore, ReviewChange, EvaluationRun)


def snapshot():
    return {model.__name__: list(model._base_manager.order_by("pk").values_list()) for model in WATCHED}


def refusal_text(round_):
    """The frozen refusal's message as a page or the API gives it (in the site's default language)."""
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(Refusal) as refused:
        competition_services.refuse_if_frozen(round_)
    return refused.value.message


def frozen(world):
    """The review world (the Wuxi entry eligible, two experts assigned, a draft and a submitted review) whose round
    is then frozen by a notice published from one of its runs; the Shenzhen entry is endorsed, waiting for the
    formal check."""
    data = review_world(world)
    shenzhen = entries(world, "submitted:shenzhen")["submitted:shenzhen"]
    Submission._base_manager.filter(pk=shenzhen.pk).update(status=Submission.Status.ENDORSED)
    assert not round_frozen(data["round"])
    data["notice"] = notice_in(world, "open")
    data["endorsed"] = shenzhen
    assert round_frozen(data["round"])
    return data


def test_a_round_freezes_when_a_notice_is_published_not_when_drafted(world):
    data = review_world(world)
    draft = notice_in(world, "draft")
    assert not round_frozen(data["round"]) and published_run(data["round"]) is None
    notice_services.notice_publish(notice=draft, by=world.ministry)
    assert round_frozen(data["round"]) and published_run(data["round"]) == draft.run


# Every change refused, through the API --------------------------------------------------------------------------


def frozen_requests(data):
    """(who, method, url, body) for every write of a frozen round."""
    round_pk, criterion = data["round"].pk, data["criterion"]
    mine = data["my_assignment"].pk
    return {
        "round_update": ("ministry", "patch", reverse("api:round-detail", args=[round_pk]), {"name": "改名"}),
        "review_window": (
            "ministry",
            "patch",
            reverse("api:round-detail", args=[round_pk]),
            {"review_closes": (timezone.now() + timedelta(days=60)).isoformat()},
        ),
        "advancement": ("ministry", "patch", reverse("api:round-detail", args=[round_pk]), {"advance_top_n": 9}),
        "round_delete": ("ministry", "delete", reverse("api:round-detail", args=[round_pk]), None),
        "rubric_replace": ("ministry", "put", reverse("api:round-rubric", args=[round_pk]), RUBRIC),
        "mark_eligible": ("ministry", "post", reverse("api:entry-eligible", args=[data["endorsed"].pk]), {}),
        "assign_automatically": ("ministry", "post", reverse("api:round-review-auto-assign", args=[round_pk]), None),
        "assignment_add": (
            "ministry",
            "post",
            reverse("api:assignment-list"),
            {"submission": data["entry"].pk, "expert": data["third"].pk},
        ),
        "assignment_remove": ("ministry", "delete", reverse("api:assignment-detail", args=[mine]), None),
        "assignment_recuse": ("expert", "post", reverse("api:assignment-recuse", args=[mine]), {"reason": "回避"}),
        "review_save": (
            "expert",
            "put",
            reverse("api:assignment-review", args=[mine]),
            {"scores": {str(criterion.pk): 95}, "comments": "改分", "submit": True},
        ),
    }


@pytest.mark.parametrize(
    "change",
    [
        "round_update",
        "review_window",
        "advancement",
        "round_delete",
        "rubric_replace",
        "mark_eligible",
        "assign_automatically",
        "assignment_add",
        "assignment_remove",
        "assignment_recuse",
        "review_save",
    ],
)
def test_every_change_of_a_frozen_round_is_refused_and_changes_nothing(change, world, client_for):
    data = frozen(world)
    role, method, url, body = frozen_requests(data)[change]
    before = snapshot()
    client = client_for(world.user(role))
    response = getattr(client, method)(url, body, format="json") if body is not None else getattr(client, method)(url)
    assert response.status_code == 409, response.content[:300]
    assert response.json()["error"]["code"] == "frozen"
    assert response.json()["error"]["message"] == refusal_text(data["round"])
    assert snapshot() == before


@pytest.mark.parametrize(
    "change",
    ["round_update", "assignment_add", "assignment_remove", "review_save", "mark_eligible"],
)
def test_the_same_changes_pass_before_the_round_is_frozen(change, world, client_for):
    """The control: without the published notice each request goes through (so the refusal above is the freeze)."""
    data = review_world(world)
    shenzhen = entries(world, "submitted:shenzhen")["submitted:shenzhen"]
    Submission._base_manager.filter(pk=shenzhen.pk).update(status=Submission.Status.ENDORSED)
    data["endorsed"] = shenzhen
    round_ = data["round"]  # the review world opened the review before the deadline: make the windows consistent
    Round._base_manager.filter(pk=round_.pk).update(submission_closes=round_.review_opens - timedelta(hours=1))
    role, method, url, body = frozen_requests(data)[change]
    client = client_for(world.user(role))
    response = getattr(client, method)(url, body, format="json") if body is not None else getattr(client, method)(url)
    assert response.status_code in (200, 201, 204), response.content[:300]


def test_the_services_refuse_with_code_frozen(world):
    data = frozen(world)
    before = snapshot()
    calls = [
        lambda: competition_services.round_update(round=data["round"], by=world.ministry, name="改名"),
        lambda: competition_services.round_delete(round=data["round"], by=world.ministry),
        lambda: competition_services.rubric_replace(round=data["round"], criteria=[], by=world.ministry),
        lambda: entry_services.submission_mark_eligible(submission=data["endorsed"], by=world.ministry),
        lambda: review_services.assign_automatically(round=data["round"], by=world.ministry),
        lambda: review_services.assignment_add(submission=data["entry"], expert=data["third"], by=world.ministry),
        lambda: review_services.assignment_remove(assignment=data["my_assignment"], by=world.ministry),
        lambda: review_services.assignment_recuse(assignment=data["my_assignment"], reason="回避", by=world.expert),
        lambda: review_services.review_save(
            assignment=data["other_assignment"], scores={data["criterion"].pk: 10}, by=data["other"].user
        ),
    ]
    for call in calls:
        with pytest.raises(Refusal) as refused:
            call()
        assert refused.value.code == "frozen"
    assert snapshot() == before


def test_a_conflict_declared_after_publication_is_kept_but_recuses_nothing_in_the_frozen_round(world):
    data = frozen(world)
    declaration = review_services.conflict_declare(
        expert=data["mine"], cluster=world.wuxi_cluster, reason="公示后发现曾任顾问", by=world.ministry
    )
    assert ConflictDeclaration._base_manager.filter(pk=declaration.pk).exists()
    assignment = Assignment._base_manager.get(pk=data["my_assignment"].pk)
    assert assignment.status == Assignment.Status.ASSIGNED and assignment.recusal_reason == ""


# The pages -------------------------------------------------------------------------------------------------------


def test_the_pages_of_a_frozen_round_say_why_and_hide_the_buttons(world, page_client_for):
    data = frozen(world)
    ministry, expert = page_client_for(world.ministry), page_client_for(world.expert)
    round_pk = data["round"].pk
    detail = ministry.get(reverse("competition-detail", args=[data["round"].competition_id])).content.decode()
    assert reverse("round-edit", args=[round_pk]) not in detail
    assert reverse("rubric-edit", args=[round_pk]) not in detail and "frozen-badge" in detail
    for url in (reverse("round-edit", args=[round_pk]), reverse("rubric-edit", args=[round_pk])):
        page = ministry.get(url).content.decode()
        assert 'id="frozen-notice"' in page and 'type="submit" class="btn btn-primary"' not in page
    assignments = ministry.get(reverse("round-assignments", args=[round_pk])).content.decode()
    assert 'id="frozen-notice"' in assignments and 'id="auto-assign"' not in assignments
    assert reverse("assignment-remove", args=[data["my_assignment"].pk]) not in assignments
    entry = ministry.get(reverse("entry-detail", args=[data["endorsed"].pk])).content.decode()
    assert 'id="frozen-notice"' in entry and reverse("entry-eligible", args=[data["endorsed"].pk]) not in entry
    review = expert.get(reverse("review-form", args=[data["my_assignment"].pk])).content.decode()
    assert 'id="frozen-notice"' in review and 'name="submit"' not in review
    assert reverse("assignment-recuse", args=[data["my_assignment"].pk]) not in review


def test_a_frozen_round_refuses_page_posts_with_the_message(world, page_client_for):
    data = frozen(world)
    before = snapshot()
    ministry = page_client_for(world.ministry)
    round_ = data["round"]
    form = {
        "position": round_.position,
        "name": "改名",
        "name_en": "",
        "submission_opens": "2024-01-01 00:00",
        "submission_closes": "2024-02-01 00:00",
        "review_opens": "2024-02-02 00:00",
        "review_closes": "2030-03-01 00:00",
        "advancement_rule": "top_n",
        "advance_top_n": 3,
    }
    response = ministry.post(reverse("round-edit", args=[round_.pk]), form)
    message = html.escape(refusal_text(round_))
    assert response.status_code == 409 and message in response.content.decode()
    response = page_client_for(world.expert).post(
        reverse("review-form", args=[data["my_assignment"].pk]), {f"score_{data['criterion'].pk}": "99"}
    )
    assert response.status_code == 409 and message in response.content.decode()
    response = ministry.post(reverse("entry-eligible", args=[data["endorsed"].pk]), {"comment": ""}, follow=True)
    assert message in response.content.decode()
    assert snapshot() == before


# Corrections -----------------------------------------------------------------------------------------------------


def test_a_correction_needs_a_stated_reason(world, client_for, page_client_for):
    data = frozen(world)
    runs_before = EvaluationRun._base_manager.count()
    for reason in (None, "", "   "):
        with pytest.raises(ValidationError) as refused:
            run_services.run_start(round=data["round"], by=world.ministry, correction_reason=reason)
        assert "correction_reason" in refused.value.message_dict
    response = client_for(world.ministry).post(
        reverse("api:evaluation-run-list"), {"round": data["round"].pk}, format="json"
    )
    assert response.status_code == 400 and "correction_reason" in response.json()["error"]["fields"]
    page = page_client_for(world.ministry).post(reverse("round-evaluate", args=[data["round"].pk]), {})
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(ValidationError) as expected:
        run_services.run_start(round=data["round"], by=world.ministry)
    assert page.status_code == 400
    assert html.escape(expected.value.message_dict["correction_reason"][0]) in page.content.decode()
    assert EvaluationRun._base_manager.count() == runs_before


def test_only_the_ministry_corrects_and_only_a_published_result(world):
    data = frozen(world)
    with pytest.raises(PermissionDenied):
        run_services.run_start(round=data["round"], by=world.jiangsu, correction_reason="理由")
    unfrozen = make_round(by=world.ministry, name="未公示竞赛")
    add_entry(unfrozen, cluster=world.shenzhen_cluster)
    with pytest.raises(ValidationError) as refused:
        run_services.run_start(round=unfrozen, by=world.ministry, correction_reason="理由")
    assert "correction_reason" in refused.value.message_dict


def test_a_notice_is_drawn_only_from_a_correction_of_the_result_in_force(world):
    data = review_world(world)
    earlier = make_run(world)
    stale_draft = notice_services.notice_create(run=earlier, by=world.ministry, title="先起草的公示")
    notice_in(world, "open")  # another run's notice published: the round freezes
    with pytest.raises(Refusal) as refused:
        notice_services.notice_publish(notice=stale_draft, by=world.ministry)
    assert refused.value.code == "frozen"
    assert PublicNotice._base_manager.get(pk=stale_draft.pk).status == PublicNotice.Status.DRAFT
    plain_run = EvaluationRun._base_manager.create(round=data["round"], status=EvaluationRun.Status.SUCCEEDED)
    with pytest.raises(ValidationError) as refused:
        notice_services.notice_create(run=plain_run, by=world.ministry, title="未说明理由的新公示")
    assert "run" in refused.value.message_dict


def test_a_correction_run_and_its_notice_stand_beside_the_old_ones_linked_both_ways(world, client_for, page_client_for):
    data = frozen(world)
    old_notice = data["notice"]
    reason = "异议核实：一名专家与该集群存在利益冲突，更正评审结果。"
    run = run_services.run_start(round=data["round"], by=world.ministry, correction_reason=f"  {reason} ")
    assert (run.correction_of_id, run.correction_reason) == (old_notice.run_id, reason)
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == EvaluationRun.Status.SUCCEEDED
    new_notice = notice_services.notice_create(run=run, by=world.ministry, title="更正后的拟入选名单公示")
    notice_services.notice_publish(notice=new_notice, by=world.ministry)

    public = client_for(None)
    body = public.get(reverse("api:notice-detail", args=[new_notice.pk])).json()
    assert (body["corrects"], body["correction_reason"], body["corrected_by"]) == (old_notice.pk, reason, None)
    body = public.get(reverse("api:notice-detail", args=[old_notice.pk])).json()
    assert (body["corrects"], body["corrected_by"], body["status"]) == (None, new_notice.pk, "open")
    listed = {row["id"]: row for row in public.get(reverse("api:notice-list")).json()["results"]}
    assert listed[old_notice.pk]["corrected_by"] == new_notice.pk and listed[new_notice.pk]["corrects"] == old_notice.pk

    anonymous = page_client_for(None)
    old_page = anonymous.get(reverse("notice-detail", args=[old_notice.pk])).content.decode()
    assert 'id="notice-corrected-by"' in old_page and reverse("notice-detail", args=[new_notice.pk]) in old_page
    new_page = anonymous.get(reverse("notice-detail", args=[new_notice.pk])).content.decode()
    assert 'id="notice-corrects"' in new_page and reverse("notice-detail", args=[old_notice.pk]) in new_page
    assert reason in new_page

    ministry = client_for(world.ministry)
    old_run = ministry.get(reverse("api:evaluation-run-detail", args=[old_notice.run_id])).json()
    new_run = ministry.get(reverse("api:evaluation-run-detail", args=[run.pk])).json()
    assert (old_run["corrections"], old_run["notice"], old_run["correction_of"]) == ([run.pk], old_notice.pk, None)
    assert (new_run["correction_of"], new_run["correction_reason"], new_run["notice"]) == (
        old_notice.run_id,
        reason,
        new_notice.pk,
    )
    run_page = page_client_for(world.ministry).get(reverse("evaluation-run-detail", args=[old_notice.run_id]))
    assert 'id="run-corrected-by"' in run_page.content.decode()
    run_page = page_client_for(world.ministry).get(reverse("evaluation-run-detail", args=[run.pk]))
    assert 'id="run-corrects"' in run_page.content.decode() and reason in run_page.content.decode()
    assert round_frozen(data["round"]) and published_run(data["round"]) == run


def test_a_correction_started_on_the_page_records_its_reason(world, page_client_for):
    data = frozen(world)
    client = page_client_for(world.ministry)
    page = client.get(reverse("round-evaluate", args=[data["round"].pk])).content.decode()
    assert 'id="correction-notice"' in page and 'name="correction_reason"' in page
    response = client.post(reverse("round-evaluate", args=[data["round"].pk]), {"correction_reason": "更正理由"})
    assert response.status_code == 302
    run = EvaluationRun._base_manager.order_by("-pk").first()
    assert (run.correction_of_id, run.correction_reason) == (data["notice"].run_id, "更正理由")


def test_a_corrected_notice_no_longer_becomes_final(world):
    data = frozen(world)
    old_notice = data["notice"]
    run = run_services.run_start(round=data["round"], by=world.ministry, correction_reason="更正")
    execute_run(run.pk)
    new_notice = notice_services.notice_create(run=run, by=world.ministry, title="更正公示")
    notice_services.notice_publish(notice=new_notice, by=world.ministry, now=timezone.now() - timedelta(days=10))
    later = timezone.now() + timedelta(days=30)
    with pytest.raises(Refusal) as refused:
        notice_services.notice_finalise(notice=old_notice, by=world.ministry, now=later)
    assert refused.value.code == "superseded"
    assert PublicNotice._base_manager.get(pk=old_notice.pk).status == PublicNotice.Status.OPEN
    assert published_run(data["round"]) == run  # the correction is in force, whatever the notices' dates
    notice_services.notice_finalise(notice=new_notice, by=world.ministry)
    assert PublicNotice._base_manager.get(pk=new_notice.pk).status == PublicNotice.Status.FINAL
