"""The decision's public notice: the whole workflow from a draft to the final result, and the transitions and writes
that are refused (publishing twice, lodging or finalising at the wrong time, roles that may not write, bad periods)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from evaluations.models import Designation, EvaluationRun, Objection, PublicNotice, Result
from evaluations.notice import services as notice_services
from tenancy.errors import Refusal
from tenancy.models import Notification

from .builders.competitions import entries
from .builders.notice import HANDLING, OBJECTION, error_fields, lodge_api, make_run, notice_in, objection_in

# The whole workflow ----------------------------------------------------------------------------------------------


def test_whole_workflow_from_draft_to_final_result(world, client_for, page_client_for):
    ministry = page_client_for(world.ministry)
    run = make_run(world)
    cache = entries(world)

    # The ministry drafts the notice from the succeeded run (after a form), edits it, publishes it after confirming.
    assert ministry.get(reverse("notice-add")).status_code == 200
    response = ministry.post(
        reverse("notice-add"), {"run": run.pk, "title": "拟入选名单公示", "title_en": "Proposed winners", "body": ""}
    )
    notice = PublicNotice.objects.get(run=run)
    assert response.status_code == 302 and response["Location"] == reverse("notice-detail", args=[notice.pk])
    assert notice.status == PublicNotice.Status.DRAFT and notice.created_by == world.ministry
    response = ministry.post(
        reverse("notice-edit", args=[notice.pk]),
        {"title": "2024年先进制造业集群竞赛拟入选名单公示", "title_en": "Proposed winners", "body": "公示期5天。"},
    )
    assert response.status_code == 302
    confirm = ministry.get(reverse("notice-publish", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Publish" in confirm.content and b'name="days"' in confirm.content
    notice.refresh_from_db()
    assert notice.status == PublicNotice.Status.DRAFT  # the confirmation page changes nothing
    assert ministry.post(reverse("notice-publish", args=[notice.pk]), {"days": 7}).status_code == 302
    notice.refresh_from_db()
    assert notice.status == PublicNotice.Status.OPEN
    assert notice.closes - notice.opens == timedelta(days=7)

    # Every entrant's promotion body is notified once (Nanjing, Wuxi, Shenzhen), nobody else.
    opened = Notification.objects.filter(kind="notice.opened")
    wuxi_body = cache["endorsed:wuxi"].cluster.promotion_body
    assert set(opened.values_list("organisation", flat=True)) == {
        world.orgs["nanjing_body"].pk,
        world.orgs["shenzhen_body"].pk,
        wuxi_body.pk,
    }

    # Anyone reads the notice with its proposed winners (no entry content) and lodges an objection.
    anonymous = page_client_for(None)
    page = anonymous.get(reverse("notice-detail", args=[notice.pk])).content.decode()
    assert world.nanjing_cluster.name in page and world.shenzhen_cluster.name in page
    assert world.wuxi_cluster.name not in page  # ranked, but not a proposed winner
    assert "集群的情况说明" not in page  # the entries' narrative is never shown
    assert "88.50" in page and 'id="objection-form"' in page
    response = anonymous.post(
        reverse("objection-lodge", args=[notice.pk]),
        {**OBJECTION, "submission": cache["draft:nanjing"].pk},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 302
    objection = Objection.objects.get(notice=notice)
    assert objection.submission == cache["draft:nanjing"] and objection.lodged_by is None
    assert objection.contact == "13812345678" and objection.status == Objection.Status.LODGED

    # Finalising early is refused; after the notice closes, an unhandled objection still blocks it.
    api = client_for(world.ministry)
    response = api.post(reverse("api:notice-finalise", args=[notice.pk]))
    assert response.status_code == 409 and response.json()["error"]["code"] == "early"
    later = notice.closes + timedelta(minutes=1)
    with pytest.raises(Refusal) as refused:
        notice_services.notice_finalise(notice=notice, by=world.ministry, now=later)
    assert refused.value.code == "unhandled"

    # The ministry records the handling and the answer, then publishes the final result.
    listing = ministry.get(reverse("objection-list"), {"status": "lodged"}).content.decode()
    assert OBJECTION["name"] in listing
    response = ministry.post(reverse("objection-handle", args=[objection.pk]), HANDLING)
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == Objection.Status.HANDLED and objection.handled_by == world.ministry
    assert objection.answer == HANDLING["answer"]
    assert objection.history.count() == 2  # lodged, handled
    notice_services.notice_finalise(notice=notice, by=world.ministry, now=later)
    notice.refresh_from_db()
    assert notice.status == PublicNotice.Status.FINAL and notice.final_published_at == later
    assert list(notice.history.order_by("history_id").values_list("status", flat=True)) == [
        "draft",
        "draft",
        "open",
        "final",
    ]
    # Each entrant and the governments of its entry are told the outcome: the competition has one round, so the
    # advancing entries are its winners.
    told = {
        (kind, organisation)
        for kind, organisation in Notification.objects.filter(kind__startswith="notice.").values_list(
            "kind", "organisation"
        )
        if kind in ("notice.winner", "notice.not_winner")
    }
    assert told == {
        ("notice.winner", world.orgs["nanjing_body"].pk),
        ("notice.winner", world.orgs["shenzhen_body"].pk),
        ("notice.winner", world.orgs["guangdong"].pk),
        ("notice.not_winner", wuxi_body.pk),
        ("notice.not_winner", world.orgs["jiangsu"].pk),
    }

    # The public result page lists the winners per track.
    result_page = anonymous.get(reverse("notice-result", args=[notice.pk])).content.decode()
    assert world.nanjing_cluster.name in result_page and world.shenzhen_cluster.name in result_page
    assert world.wuxi_cluster.name not in result_page

    # The Nanjing body now reads its own result and breakdown, never the Shenzhen body's.
    nanjing = page_client_for(world.nanjing_body)
    mine = nanjing.get(reverse("my-result-list")).content.decode()
    assert world.nanjing_cluster.name in mine and world.shenzhen_cluster.name not in mine
    own = Result.objects.get(run=run, submission=cache["draft:nanjing"])
    theirs = Result.objects.get(run=run, submission=cache["submitted:shenzhen"])
    detail = nanjing.get(reverse("my-result-detail", args=[own.pk]))
    assert detail.status_code == 200 and "81.5" in detail.content.decode()
    assert nanjing.get(reverse("my-result-detail", args=[theirs.pk])).status_code == 404


# Forbidden transitions -------------------------------------------------------------------------------------------


def test_publishing_twice_is_refused(world, client_for):
    notice = notice_in(world, "open")
    before = notice.closes
    response = client_for(world.ministry).post(
        reverse("api:notice-publish", args=[notice.pk]), {"days": 9}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "The notice is already published."
    notice.refresh_from_db()
    assert notice.closes == before


def test_lodging_after_the_notice_closed_is_refused(world, client_for):
    notice = notice_in(world, "closed")
    response = lodge_api(client_for(None), notice)
    assert response.status_code == 409 and response.json()["error"]["code"] == "closed"
    assert not Objection.objects.filter(notice=notice).exists()
    with pytest.raises(Refusal):
        notice_services.objection_lodge(notice=notice_in(world, "draft"), **OBJECTION)


def test_lodging_on_the_final_notice_is_refused_on_the_page(world, page_client_for):
    notice = notice_in(world, "final")
    response = page_client_for(None).post(reverse("objection-lodge", args=[notice.pk]), OBJECTION)
    assert response.status_code == 409
    assert not Objection.objects.filter(notice=notice).exists()


def test_finalising_before_the_notice_closes_is_refused(world, client_for):
    notice = notice_in(world, "open")
    response = client_for(world.ministry).post(
        reverse("api:notice-finalise", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    body = response.json()["error"]
    assert body["code"] == "early" and "open for objections until" in body["message"]
    notice.refresh_from_db()
    assert notice.status == PublicNotice.Status.OPEN and notice.final_published_at is None


def test_finalising_with_an_unhandled_objection_is_refused(world, client_for):
    notice = notice_in(world, "closed")
    Objection.objects.create(notice=notice, name="李四", contact="li@example.com", text="请核实该集群的专利数据。")
    response = client_for(world.ministry).post(
        reverse("api:notice-finalise", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "unhandled"
    assert "1 objection(s) are not handled yet" in response.json()["error"]["message"]
    notice.refresh_from_db()
    assert notice.status == PublicNotice.Status.OPEN
    assert not Notification.objects.filter(kind__in=["notice.winner", "notice.not_winner"]).exists()
    assert not Designation.objects.exists()
    competition = entries(world)["competition"]
    competition.refresh_from_db()
    assert competition.status == "published"  # not closed


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_finalising_twice_and_a_draft_are_refused(world, english):
    with pytest.raises(Refusal, match="already published"):
        notice_services.notice_finalise(notice=notice_in(world, "final"), by=world.ministry)
    with pytest.raises(Refusal, match="not been published"):
        notice_services.notice_finalise(notice=notice_in(world, "draft"), by=world.ministry)


def test_a_published_notice_can_no_longer_be_edited(world, client_for):
    notice = notice_in(world, "open")
    response = client_for(world.ministry).patch(reverse("api:notice-detail", args=[notice.pk]), {"title": "改"})
    assert response.status_code == 409
    notice.refresh_from_db()
    assert notice.title.startswith("2024年")


@pytest.mark.parametrize("role", ["jiangsu", "nanjing_body", "shenzhen_body", "expert", "nanjing_viewer"])
def test_non_ministry_writes_are_refused(world, client_for, role):
    client = client_for(world.user(role))
    run = make_run(world)
    assert client.post(reverse("api:notice-list"), {"run": run.pk, "title": "公示"}).status_code == 403
    open_notice = notice_in(world, "open")
    closed_notice = notice_in(world, "closed")
    objection = objection_in(world)
    assert client.post(reverse("api:notice-publish", args=[open_notice.pk])).status_code == 403
    assert client.post(reverse("api:notice-finalise", args=[closed_notice.pk])).status_code == 403
    assert client.post(reverse("api:objection-handle", args=[objection.pk]), HANDLING).status_code == 404
    assert not PublicNotice.objects.filter(run=run).exists()
    closed_notice.refresh_from_db()
    objection.refresh_from_db()
    assert closed_notice.status == PublicNotice.Status.OPEN and objection.status == Objection.Status.LODGED


def test_a_local_government_editor_cannot_draft_a_notice_on_the_page(world, page_client_for):
    client = page_client_for(world.jiangsu)
    run = make_run(world)
    assert client.post(reverse("notice-add"), {"run": run.pk, "title": "公示"}).status_code == 403
    assert not PublicNotice.objects.exists()


def test_a_notice_needs_a_succeeded_run_with_winners_and_only_one_per_run(world, english):
    running = make_run(world, status=EvaluationRun.Status.RUNNING)
    with pytest.raises(ValidationError) as error:
        notice_services.notice_create(run=running, by=world.ministry, title="公示")
    assert "run" in error.value.message_dict
    no_winner = make_run(world)
    Result.objects.filter(run=no_winner).update(advanced=False)
    with pytest.raises(ValidationError, match="proposes no winner"):
        notice_services.notice_create(run=no_winner, by=world.ministry, title="公示")
    run = make_run(world)
    notice_services.notice_create(run=run, by=world.ministry, title="公示")
    with pytest.raises(ValidationError, match="already has a public notice"):
        notice_services.notice_create(run=run, by=world.ministry, title="公示")
    with pytest.raises(ValidationError) as error:
        notice_services.notice_create(run=make_run(world), by=world.ministry, title=" ")
    assert error.value.message_dict == {"title": ["Enter a title."]}
    assert PublicNotice.objects.count() == 1


def test_the_notice_period_is_validated(world, client_for):
    notice = notice_in(world, "draft")
    client = client_for(world.ministry)
    for days in (0, 61, "five"):
        response = client.post(reverse("api:notice-publish", args=[notice.pk]), {"days": days}, format="json")
        assert response.status_code == 400 and "days" in error_fields(response)
    notice.refresh_from_db()
    assert notice.status == PublicNotice.Status.DRAFT
    response = client.post(reverse("api:notice-publish", args=[notice.pk]), {}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "open" and body["state"] == "open" and len(body["winners"]) == 2
    notice.refresh_from_db()
    assert notice.closes - notice.opens == timedelta(days=notice_services.DEFAULT_NOTICE_DAYS)
