"""No ranking on missing reviews: a run refuses to start while an eligible entry lacks the round's minimum of
submitted reviews (naming the entries and the experts outstanding, by entry number in a blind round, and changing
nothing); the ministry overrides only with a written reason, stored on the run and printed on its result page, in
its API and export, and on the public notice drawn from it. The minimum is a round setting (form and API)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from evaluations.models import EvaluationRun, Review, Round
from evaluations.notice import services as notice_services
from evaluations.runs import services as run_services
from evaluations.runs.execution import execute_run
from tenancy.errors import Refusal

from .builders.competitions import make_competition
from .builders.exports import export, workbook
from .builders.runs import (
    add_assignment,
    add_entry,
    add_review,
    criteria_of,
    expert_criterion,
    experts,
    make_round,
    round_set,
)
from .factories import ClusterFactory, ExpertProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "专家评审期限已过，两位专家因病无法完成评审，经部务会研究决定按已提交评审排名。"


def short_round(world, *, blind=False):
    """A round asking 3 experts per entry (no minimum set: the experts per entry count). Entry A: one review
    submitted, one draft (Zhang), one not started (Li). Entry B: three submitted. Entry C: one submitted and no
    other expert assigned."""
    round_ = make_round(by=world.ministry, rubric=[expert_criterion("协作", 100, max_score=10)], min_reviews=None)
    round_set(round_, experts_per_entry=3, blind_review=blind)
    (criterion,) = criteria_of(round_)
    first, second, third = experts(3)
    zhang = ExpertProfileFactory(user=UserFactory(username="t-zhang", first_name="张", last_name="伟"))
    li = ExpertProfileFactory(user=UserFactory(username="t-li", first_name="李", last_name="娜"))
    a = add_entry(round_, cluster=ClusterFactory(name="甲集群"))
    b = add_entry(round_, cluster=ClusterFactory(name="乙集群"))
    c = add_entry(round_, cluster=ClusterFactory(name="丙集群"))
    add_review(a, first, {criterion: 7})
    add_review(a, zhang, {criterion: 5}, status=Review.Status.DRAFT)
    add_assignment(a, li)
    for expert, score in ((first, 6), (second, 8), (third, 9)):
        add_review(b, expert, {criterion: score})
    add_review(c, second, {criterion: 4})
    return round_, (a, b, c), (zhang, li)


def test_a_run_refuses_entries_short_of_reviews_naming_entries_and_experts(world):
    round_, (a, _b, c), (zhang, li) = short_round(world)
    with pytest.raises(Refusal) as refused, translation.override("en"):
        run_services.run_start(round=round_, by=world.ministry)
    assert refused.value.code == "reviews_missing"
    message = refused.value.message
    assert message.startswith("2 eligible entries lack the round's minimum of 3 submitted reviews that count: ")
    assert f"甲集群 (entry No. {a.pk}): 1 of 3 — outstanding: 张 伟 (draft), 李 娜 (not started)" in message
    assert f"丙集群 (entry No. {c.pk}): 1 of 3 — 2 more experts to assign" in message
    assert "乙集群" not in message
    assert refused.value.details == {
        "required": 3,
        "entries": [
            {
                "entry": a.pk,
                "cluster": "甲集群",
                "submitted": 1,
                "required": 3,
                "experts": [
                    {"expert": zhang.pk, "name": "张 伟", "state": "draft", "reasons": []},
                    {"expert": li.pk, "name": "李 娜", "state": "not_started", "reasons": []},
                ],
                "unassigned": 0,
            },
            {"entry": c.pk, "cluster": "丙集群", "submitted": 1, "required": 3, "experts": [], "unassigned": 2},
        ],
    }
    assert not EvaluationRun.objects.exists()


def test_the_round_minimum_replaces_the_experts_per_entry(world):
    round_, _entries, _experts = short_round(world)
    round_set(round_, min_submitted_reviews=1)
    run = run_services.run_start(round=round_, by=world.ministry)
    assert (run.status, run.review_override_reason, run.reviews_missing) == ("queued", "", [])


def test_a_blind_round_names_entries_by_number(world):
    round_, (a, _b, c), _experts = short_round(world, blind=True)
    with pytest.raises(Refusal) as refused, translation.override("en"):
        run_services.run_start(round=round_, by=world.ministry)
    assert f"entry No. {a.pk}: 1 of 3" in refused.value.message
    assert f"entry No. {c.pk}: 1 of 3" in refused.value.message
    assert "甲集群" not in refused.value.message and "丙集群" not in refused.value.message
    assert [row["cluster"] for row in refused.value.details["entries"]] == [None, None]


def test_an_override_needs_a_written_reason_of_some_length(world):
    round_, (a, _b, c), _experts = short_round(world)
    for reason in ("", "   "):
        with pytest.raises(Refusal):
            run_services.run_start(round=round_, by=world.ministry, override_reason=reason)
    with pytest.raises(ValidationError) as invalid:
        run_services.run_start(round=round_, by=world.ministry, override_reason="时间紧")
    assert list(invalid.value.message_dict) == ["override_reason"]
    assert not EvaluationRun.objects.exists()
    run = run_services.run_start(round=round_, by=world.ministry, override_reason=f"  {REASON}  ")
    assert run.review_override_reason == REASON
    assert [row["entry"] for row in run.reviews_missing] == [a.pk, c.pk]
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == EvaluationRun.Status.SUCCEEDED and run.results.count() == 3


def test_a_reason_given_when_nothing_is_missing_is_not_stored(world):
    round_, _entries, _experts = short_round(world)
    round_set(round_, min_submitted_reviews=1)
    run = run_services.run_start(round=round_, by=world.ministry, override_reason=REASON)
    assert run.review_override_reason == "" and run.reviews_missing == []


# The API -----------------------------------------------------------------------------------------------------------


def test_the_api_answers_409_with_the_outstanding_entries_then_takes_a_reason(world, client_for):
    round_, (a, _b, c), (zhang, _li) = short_round(world)
    client = client_for(world.ministry)
    url = reverse("api:evaluation-run-list")
    refused = client.post(url, {"round": round_.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "reviews_missing" and "张 伟 (draft)" in error["message"]
    assert [row["entry"] for row in error["details"]["entries"]] == [a.pk, c.pk]
    assert error["details"]["entries"][0]["experts"][0] == {
        "expert": zhang.pk,
        "name": "张 伟",
        "state": "draft",
        "reasons": [],
    }
    short = client.post(url, {"round": round_.pk, "override_reason": "赶时间"}, format="json")
    assert short.status_code == 400 and list(short.json()["error"]["fields"]) == ["override_reason"]
    assert not EvaluationRun.objects.exists()
    created = client.post(url, {"round": round_.pk, "override_reason": REASON}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["review_override_reason"] == REASON
    assert [row["entry"] for row in body["reviews_missing"]] == [a.pk, c.pk]
    execute_run(body["id"])
    detail = client.get(reverse("api:evaluation-run-detail", args=[body["id"]])).json()
    assert detail["status"] == "succeeded" and detail["review_override_reason"] == REASON
    assert detail["excluded_reviews"] == []


# What the round's edit page posts, less the setting a test changes.
ROUND_FORM = {
    "position": 1,
    "name": "小组赛",
    "submission_opens": "2024-03-01T09:00",
    "submission_closes": "2024-04-30T17:00",
    "review_opens": "2024-05-01T09:00",
    "review_closes": "2024-05-31T17:00",
    "advancement_rule": "top_n",
    "advance_top_n": 3,
}


def test_the_round_api_and_form_set_the_minimum(world, client_for, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, name="最少评审数设置")
    client = client_for(world.ministry)
    url = reverse("api:round-detail", args=[round_.pk])
    body = client.get(url).json()
    assert (body["min_submitted_reviews"], body["experts_per_entry"], body["required_reviews"]) == (None, 5, 5)
    assert client.patch(url, {"min_submitted_reviews": 0}, format="json").status_code == 400
    changed = client.patch(url, {"min_submitted_reviews": 2}, format="json").json()
    assert (changed["min_submitted_reviews"], changed["required_reviews"]) == (2, 2)
    assert client.patch(url, {"name": "小组赛（改）"}, format="json").json()["min_submitted_reviews"] == 2
    cleared = client.patch(url, {"min_submitted_reviews": None}, format="json").json()
    assert (cleared["min_submitted_reviews"], cleared["required_reviews"]) == (None, 5)
    page = page_client_for(world.ministry)
    form = page.get(reverse("round-edit", args=[round_.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="min_submitted_reviews"' in form and "Minimum submitted reviews per entry" in form
    data = {**ROUND_FORM, "min_submitted_reviews": 4}
    assert page.post(reverse("round-edit", args=[round_.pk]), data).status_code == 302
    assert Round.objects.get(pk=round_.pk).required_reviews == 4
    refused = page.post(reverse("round-edit", args=[round_.pk]), {**data, "min_submitted_reviews": 0})
    assert refused.status_code == 400 and Round.objects.get(pk=round_.pk).min_submitted_reviews == 4


def test_the_round_sets_its_experts_per_entry_and_blind_review_until_experts_are_assigned(
    world, client_for, page_client_for
):
    _competition, round_ = make_competition(by=world.ministry, name="专家人数与匿名评审设置")
    client = client_for(world.ministry)
    url = reverse("api:round-detail", args=[round_.pk])
    assert (client.get(url).json()["experts_per_entry"], client.get(url).json()["blind_review"]) == (5, False)
    refused = client.patch(url, {"experts_per_entry": 0}, format="json")
    assert refused.status_code == 400 and "experts_per_entry" in refused.json()["error"]["fields"]
    changed = client.patch(url, {"experts_per_entry": 3, "blind_review": True}, format="json").json()
    assert (changed["experts_per_entry"], changed["blind_review"], changed["required_reviews"]) == (3, True, 3)
    page = page_client_for(world.ministry)
    form = page.get(reverse("round-edit", args=[round_.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="experts_per_entry"' in form and 'name="blind_review"' in form and "checked" in form
    data = {**ROUND_FORM, "experts_per_entry": 4, "blind_review": "on"}
    assert page.post(reverse("round-edit", args=[round_.pk]), data).status_code == 302
    assert Round.objects.values_list("experts_per_entry", "blind_review").get(pk=round_.pk) == (4, True)

    # Once experts are assigned, whether the round is blind no longer changes (they may have read the entries).
    assigned, _entries, _experts = short_round(world)
    url = reverse("api:round-detail", args=[assigned.pk])
    refused = client.patch(url, {"blind_review": True}, format="json")
    assert refused.status_code == 400 and "blind_review" in refused.json()["error"]["fields"]
    assert Round.objects.get(pk=assigned.pk).blind_review is False
    assert client.patch(url, {"experts_per_entry": 4}, format="json").status_code == 200  # the rest stays open


def test_the_round_page_refuses_to_change_blind_review_once_experts_are_assigned(world, page_client_for):
    assigned, _entries, _experts = short_round(world)
    page = page_client_for(world.ministry)
    refused = page.post(
        reverse("round-edit", args=[assigned.pk]),
        {**ROUND_FORM, "name": assigned.name, "blind_review": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400 and "whether its review is blind can no" in refused.content.decode()
    assert Round.objects.values_list("blind_review", "name").get(pk=assigned.pk) == (False, assigned.name)


# Pages, export, notice -------------------------------------------------------------------------------------------


def test_the_start_page_lists_the_outstanding_reviews_and_takes_the_reason(world, page_client_for):
    round_, (a, _b, c), _experts = short_round(world)
    client = page_client_for(world.ministry)
    url = reverse("round-evaluate", args=[round_.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="reviews-missing"' in page and 'name="override_reason"' in page
    assert f'id="outstanding-{a.pk}"' in page and f'id="outstanding-{c.pk}"' in page
    assert "张 伟" in page and "(draft)" in page and "李 娜" in page and "2 more experts to assign" in page
    assert "Run anyway, with this reason" in page
    refused = client.post(url, {"override_reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "lack the round&#x27;s minimum" in refused.content.decode()
    short = client.post(url, {"override_reason": "赶时间"}, HTTP_ACCEPT_LANGUAGE="en")
    assert short.status_code == 400 and "Write at least 20 characters" in short.content.decode()
    assert not EvaluationRun.objects.exists()
    started = client.post(url, {"override_reason": REASON})
    run = EvaluationRun.objects.get()
    assert started.status_code == 302 and run.review_override_reason == REASON


def overridden_run(world):
    round_, _entries, _experts = short_round(world)
    run = run_services.run_start(round=round_, by=world.ministry, override_reason=REASON)
    execute_run(run.pk)
    run.refresh_from_db()
    return run


def test_the_reason_is_printed_on_the_result_page_and_in_the_export(world, page_client_for):
    run = overridden_run(world)
    client = page_client_for(world.ministry)
    detail = client.get(reverse("evaluation-run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="review-override-reason"' in detail and REASON in detail
    assert "Run with reviews missing" in detail and "甲集群" in detail and "(draft)" in detail
    _response, job = export(client, "evaluations.run_results", "xlsx", target=run.pk, language="en")
    rows = dict(workbook(job)["Run"].iter_rows(min_row=2, values_only=True))
    assert rows["Run with reviews missing; the ministry's reason"] == REASON
    assert "张 伟 (draft)" in rows["Entries short of reviews at the start"]


def test_the_reason_is_printed_on_the_public_notice_and_in_its_api(world, page_client_for, client_for):
    run = overridden_run(world)
    notice = notice_services.notice_create(run=run, by=world.ministry, title="拟晋级名单公示")
    notice_services.notice_publish(notice=notice, by=world.ministry)
    page = page_client_for(None).get(reverse("notice-detail", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200 and "Ranked with reviews missing." in text and REASON in text
    body = client_for(None).get(reverse("api:notice-detail", args=[notice.pk])).json()
    assert body["review_override_reason"] == REASON
    listed = client_for(None).get(reverse("api:notice-list")).json()["results"]
    assert [row["review_override_reason"] for row in listed if row["id"] == notice.pk] == [REASON]


def test_a_notice_from_a_run_without_an_override_prints_no_reason(world, page_client_for, client_for):
    round_, _entries, _experts = short_round(world)
    round_set(round_, min_submitted_reviews=1)
    run = run_services.run_start(round=round_, by=world.ministry)
    execute_run(run.pk)
    notice = notice_services.notice_create(run=run, by=world.ministry, title="拟晋级名单公示")
    notice_services.notice_publish(notice=notice, by=world.ministry)
    text = page_client_for(None).get(reverse("notice-detail", args=[notice.pk])).content.decode()
    assert 'id="review-override"' not in text
    assert client_for(None).get(reverse("api:notice-detail", args=[notice.pk])).json()["review_override_reason"] == ""
