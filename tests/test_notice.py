"""The decision: public notice of the proposed winners, objections (anonymous, rate-limited), their handling, the final
result, and what promotion bodies read of their own results afterwards."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.models import Designation, EvaluationRun, Objection, PublicNotice, Result, Submission
from evaluations.notice import services as notice_services
from tenancy.errors import Refusal
from tenancy.models import Notification, Organisation

from .builders.competitions import entries
from .builders.notice import BREAKDOWN, OBJECTION, make_run, notice_in, objection_in, result_of
from .conftest import count_queries
from .factories import ClusterFactory, OrganisationFactory

HANDLING = {
    "handling": "经核查，营业收入数据来源于统计部门，与年鉴一致。",
    "answer": "经核查，申报数据属实，异议不成立。",
}


def lodge_api(client, notice, *, ip="10.0.0.1", language="zh-hans", **changes):
    return client.post(
        reverse("api:notice-objections", args=[notice.pk]),
        {**OBJECTION, **changes},
        format="json",
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def error_fields(response):
    return response.json()["error"]["fields"]


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


# Objections: input, anonymity, rate limit --------------------------------------------------------------------------


def test_anonymous_visitor_lodges_an_objection_through_the_api(world, client_for):
    notice = notice_in(world, "open")
    nanjing = entries(world, "draft:nanjing")["draft:nanjing"]
    response = lodge_api(client_for(None), notice, submission=nanjing.pk, contact="wang@example.com")
    assert response.status_code == 201
    body = response.json()
    assert body["submission"] == nanjing.pk and body["status"] == "lodged"
    assert "handling" not in body and "answer" not in body
    objection = Objection.objects.get(pk=body["id"])
    assert objection.contact == "wang@example.com" and objection.lodged_by is None


def test_a_signed_in_objector_is_recorded(world, client_for):
    notice = notice_in(world, "open")
    response = lodge_api(client_for(world.shenzhen_body), notice)
    assert response.status_code == 201
    assert Objection.objects.get(pk=response.json()["id"]).lodged_by == world.shenzhen_body


@pytest.mark.parametrize(
    "contact", ["13812345678", "+86 13812345678", "010-12345678", "0755-87654321-123", "li.si@example.com.cn"]
)
def test_telephone_numbers_and_e_mail_addresses_are_accepted(contact):
    assert notice_services.validate_contact(contact) == contact


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": "12345"}, "contact"),
        ({"contact": "someone@"}, "contact"),
        ({"contact": ""}, "contact"),
        ({"text": "太短"}, "text"),
        ({"text": "长" * (notice_services.OBJECTION_MAX_CHARS + 1)}, "text"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_objection_input_gets_a_field_error_and_writes_nothing(world, client_for, changes, field):
    notice = notice_in(world, "open")
    response = lodge_api(client_for(None), notice, **changes)
    assert response.status_code == 400
    assert field in error_fields(response)
    assert not Objection.objects.exists()


def test_an_objection_names_only_an_entry_on_the_notice(world, client_for, page_client_for):
    notice = notice_in(world, "open")
    wuxi = entries(world, "endorsed:wuxi")["endorsed:wuxi"]  # ranked, not a proposed winner
    response = lodge_api(client_for(None), notice, submission=wuxi.pk)
    assert response.status_code == 400 and "submission" in error_fields(response)
    page = page_client_for(None).post(
        reverse("objection-lodge", args=[notice.pk]), {**OBJECTION, "submission": wuxi.pk}
    )
    assert page.status_code == 400
    assert not Objection.objects.exists()


def test_the_sixth_objection_within_an_hour_is_refused_and_writes_nothing(world, client_for, settings):
    notice = notice_in(world, "open")
    client = client_for(None)
    for number in range(5):
        assert lodge_api(client, notice, ip="192.0.2.10", name=f"异议人{number}").status_code == 201
    response = lodge_api(client, notice, ip="192.0.2.10", language="en")
    assert response.status_code == 429
    body = response.json()["error"]
    assert body["code"] == "rate_limited" and "Too many objections" in body["message"]
    assert Objection.objects.filter(notice=notice).count() == 5
    # Another address is not affected.
    assert lodge_api(client, notice, ip="192.0.2.11").status_code == 201


def test_invalid_objections_do_not_use_up_the_limit(world, client_for):
    notice = notice_in(world, "open")
    client = client_for(None)
    for _ in range(6):
        assert lodge_api(client, notice, ip="192.0.2.20", contact="bad").status_code == 400
    assert lodge_api(client, notice, ip="192.0.2.20").status_code == 201


def test_the_rate_limit_follows_a_signed_in_user_across_addresses(world, client_for, settings):
    settings.NOTICE_OBJECTION_LIMIT = 2
    notice = notice_in(world, "open")
    client = client_for(world.nanjing_body)
    assert lodge_api(client, notice, ip="198.51.100.1").status_code == 201
    assert lodge_api(client, notice, ip="198.51.100.2").status_code == 201
    assert lodge_api(client, notice, ip="198.51.100.3").status_code == 429
    assert Objection.objects.filter(lodged_by=world.nanjing_body).count() == 2


def test_the_page_refuses_the_objection_over_the_limit_with_a_message(world, page_client_for, settings):
    settings.NOTICE_OBJECTION_LIMIT = 1
    notice = notice_in(world, "open")
    client = page_client_for(None)
    url = reverse("objection-lodge", args=[notice.pk])
    assert client.post(url, OBJECTION, REMOTE_ADDR="203.0.113.5").status_code == 302
    response = client.post(url, OBJECTION, REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many objections from your connection" in response.content.decode()
    assert Objection.objects.filter(notice=notice).count() == 1


def test_the_objector_never_sees_other_objections(world, client_for, page_client_for):
    notice = notice_in(world, "open")
    Objection.objects.create(notice=notice, name="王五", contact="wang@example.com", text="秘密异议：内容不应公开。")
    anonymous = client_for(None)
    receipt = lodge_api(anonymous, notice).json()
    assert set(receipt) == {"id", "notice", "submission", "name", "contact", "text", "status", "created"}
    assert anonymous.get(reverse("api:objection-list")).status_code == 401
    body_client = client_for(world.shenzhen_body)
    assert body_client.get(reverse("api:objection-list")).status_code == 403
    assert body_client.get(reverse("api:objection-detail", args=[receipt["id"]])).status_code == 404
    for client in (page_client_for(None), page_client_for(world.shenzhen_body)):
        page = client.get(reverse("notice-detail", args=[notice.pk])).content.decode()
        assert "秘密异议" not in page and "wang@example.com" not in page
    notice_json = anonymous.get(reverse("api:notice-detail", args=[notice.pk])).json()
    assert "秘密异议" not in str(notice_json)


# Handling objections -----------------------------------------------------------------------------------------------


def test_handling_needs_both_the_handling_and_the_answer(world, client_for):
    objection = objection_in(world)
    client = client_for(world.ministry)
    response = client.post(reverse("api:objection-handle", args=[objection.pk]), {"handling": "已核查"}, format="json")
    assert response.status_code == 400 and "answer" in error_fields(response)
    with pytest.raises(ValidationError) as error:
        notice_services.objection_handle(objection=objection, handling=" ", answer=" ", by=world.ministry)
    assert set(error.value.message_dict) == {"handling", "answer"}
    objection.refresh_from_db()
    assert objection.status == Objection.Status.LODGED and objection.handled_at is None


def test_handling_an_objection_twice_is_refused(world, client_for):
    objection = objection_in(world)
    client = client_for(world.ministry)
    url = reverse("api:objection-handle", args=[objection.pk])
    response = client.post(url, HANDLING, format="json")
    assert response.status_code == 200 and response.json()["status"] == "handled"
    response = client.post(url, {"handling": "改", "answer": "改"}, format="json")
    assert response.status_code == 409
    objection.refresh_from_db()
    assert objection.answer == HANDLING["answer"]
    history = client.get(reverse("api:objection-history", args=[objection.pk])).json()
    assert [entry["type"] for entry in history] == ["~", "+"]


def test_the_objection_list_filters_by_status(world, page_client_for, client_for):
    notice = notice_in(world, "open")
    handled = notice_services.objection_lodge(notice=notice, **{**OBJECTION, "name": "已处理人"})
    notice_services.objection_handle(objection=handled, by=world.ministry, **HANDLING)
    notice_services.objection_lodge(notice=notice, **{**OBJECTION, "name": "待处理人"})
    page = page_client_for(world.ministry).get(reverse("objection-list"), {"status": "lodged"}).content.decode()
    assert "待处理人" in page and "已处理人" not in page
    body = client_for(world.ministry).get(reverse("api:objection-list"), {"status": "handled"}).json()
    assert [row["name"] for row in body["results"]] == ["已处理人"]


def test_the_ministry_is_notified_of_a_new_objection(world):
    objection_in(world)
    notification = Notification.objects.get(kind="notice.objection_lodged")
    assert notification.organisation == world.orgs["ministry"]


# Results after publication -----------------------------------------------------------------------------------------


def test_a_cluster_body_reads_no_result_before_the_final_result(world, client_for, page_client_for):
    notice_in(world, "open")
    closed = notice_in(world, "closed")
    own = result_of(world, "closed", "draft:nanjing")
    client = client_for(world.nanjing_body)
    assert client.get(reverse("api:published-result-list")).json()["count"] == 0
    assert client.get(reverse("api:published-result-detail", args=[own.pk])).status_code == 404
    assert page_client_for(world.nanjing_body).get(reverse("my-result-detail", args=[own.pk])).status_code == 404
    notice_services.notice_finalise(notice=closed, by=world.ministry)
    body = client.get(reverse("api:published-result-list")).json()
    assert [row["id"] for row in body["results"]] == [own.pk]


def test_a_cluster_body_reads_its_own_breakdown_and_never_a_competitors(world, client_for):
    own = result_of(world, "final", "draft:nanjing")
    competitor = result_of(world, "final", "submitted:shenzhen")
    client = client_for(world.nanjing_body)
    body = client.get(reverse("api:published-result-list"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    row = body["results"][0]
    assert row["rank"] == 1 and row["total"] == "88.5000" and row["advanced"] is True
    experts = row["breakdown"]["criteria"][0]["experts"]
    assert [expert["expert"] for expert in experts] == ["Expert 1", "Expert 2"]
    assert "expert_id" not in str(row["breakdown"]) and "专家甲" not in str(row["breakdown"])
    assert [expert["raw"] for expert in experts] == [80, 83]
    # The track's lowest and highest claimed values are a competitor's figures: left out.
    assert notice_services.breakdown_for_entrant({"criteria": [{"claim": "9.7", "min": 9.7, "max": 27.2}]}) == {
        "criteria": [{"claim": "9.7"}]
    }
    assert client.get(reverse("api:published-result-detail", args=[competitor.pk])).status_code == 404
    # The ministry reads the breakdown as recorded.
    ministry = client_for(world.ministry).get(reverse("api:published-result-detail", args=[own.pk])).json()
    assert ministry["breakdown"]["criteria"] == BREAKDOWN["criteria"]


def test_the_result_visibility_rule_itself(world):
    from tenancy.scoping import viewer_scope
    from tenancy.visibility import Viewer

    own = result_of(world, "final", "draft:nanjing")
    result_of(world, "open", "draft:nanjing")
    with viewer_scope(Viewer.for_user(world.nanjing_body)):
        assert list(Result.objects.values_list("pk", flat=True)) == [own.pk]
    with viewer_scope(Viewer.for_user(world.guangdong)):
        assert list(Result.objects.values_list("submission__cluster", flat=True)) == [world.shenzhen_cluster.pk]
    with viewer_scope(Viewer.for_user(world.expert)):
        assert not Result.objects.exists()
    with viewer_scope(Viewer.anonymous()):
        assert not Result.objects.exists()


def test_my_results_page_shows_the_numbered_breakdown(world, page_client_for):
    own = result_of(world, "final", "draft:nanjing")
    client = page_client_for(world.nanjing_body)
    page = client.get(reverse("my-result-detail", args=[own.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Expert 1" in page and "Expert 2" in page and "专家甲" not in page
    listing = client.get(reverse("my-result-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert world.nanjing_cluster.name_en in listing and world.shenzhen_cluster.name_en not in listing
    assert "Winner" in listing


def test_the_final_result_page_waits_for_publication(world, page_client_for):
    notice = notice_in(world, "closed")
    response = page_client_for(None).get(reverse("notice-result", args=[notice.pk]))
    assert response.status_code == 404


def test_an_open_notice_past_its_period_shows_as_closed(world, client_for):
    notice = notice_in(world, "closed")
    body = client_for(None).get(reverse("api:notice-detail", args=[notice.pk])).json()
    assert body["status"] == "open" and body["state"] == "closed"
    assert notice_services.notice_state(notice, notice.closes - timedelta(seconds=1)) == "open"


# Query counts ------------------------------------------------------------------------------------------------------


def many_winners(world, run, count):
    """`count` more proposed winners in the run, each a cluster of its own promotion body."""
    round_ = run.round
    track = round_.competition.tracks.get(field_id="high_end_equipment")
    for number in range(count):
        body = OrganisationFactory(kind=Organisation.Kind.CLUSTER_BODY, region_id="320100")
        cluster = ClusterFactory(promotion_body=body, region_codes=["320100", "320200"])
        submission = Submission.objects.create(round=round_, track=track, cluster=cluster)
        Result.objects.create(
            run=run,
            submission=submission,
            track=track,
            expert_score=50,
            indicator_score=50,
            total=50,
            rank=number + 3,
            advanced=True,
            breakdown={},
        )


def test_the_notice_page_and_api_query_count_does_not_grow_with_the_winners(world, client_for, page_client_for):
    notice = notice_in(world, "open")
    page = page_client_for(None)
    api = client_for(None)
    page_url = reverse("notice-detail", args=[notice.pk])
    api_url = reverse("api:notice-detail", args=[notice.pk])
    page.get(page_url)
    api.get(api_url)
    few_page, few_api = count_queries(lambda: page.get(page_url)), count_queries(lambda: api.get(api_url))
    many_winners(world, notice.run, 12)
    assert len(api.get(api_url).json()["winners"]) == 14
    assert count_queries(lambda: page.get(page_url)) == few_page
    assert count_queries(lambda: api.get(api_url)) == few_api


def test_the_notice_list_query_count_does_not_grow(world, client_for, page_client_for):
    notice_in(world, "open")
    client = client_for(world.ministry)
    page = page_client_for(world.ministry)
    client.get(reverse("api:notice-list"))
    page.get(reverse("notice-list"))
    few_api = count_queries(lambda: client.get(reverse("api:notice-list")))
    few_page = count_queries(lambda: page.get(reverse("notice-list")))
    for state in ("draft", "closed", "final"):
        notice_in(world, state)
    assert client.get(reverse("api:notice-list")).json()["count"] == 4
    assert count_queries(lambda: client.get(reverse("api:notice-list"))) == few_api
    assert count_queries(lambda: page.get(reverse("notice-list"))) == few_page


def test_the_objection_list_query_count_does_not_grow(world, client_for, page_client_for):
    notice = notice_in(world, "open")
    nanjing = entries(world, "draft:nanjing")["draft:nanjing"]
    notice_services.objection_lodge(notice=notice, submission=nanjing, **OBJECTION)
    client = client_for(world.ministry)
    page = page_client_for(world.ministry)
    client.get(reverse("api:objection-list"))
    page.get(reverse("objection-list"))
    few_api = count_queries(lambda: client.get(reverse("api:objection-list")))
    few_page = count_queries(lambda: page.get(reverse("objection-list")))
    for number in range(6):
        objection = notice_services.objection_lodge(
            notice=notice, submission=nanjing, **{**OBJECTION, "name": f"{number}"}
        )
        if number % 2:
            notice_services.objection_handle(objection=objection, by=world.ministry, **HANDLING)
    assert client.get(reverse("api:objection-list")).json()["count"] == 7
    assert count_queries(lambda: client.get(reverse("api:objection-list"))) == few_api
    assert count_queries(lambda: page.get(reverse("objection-list"))) == few_page


@pytest.mark.parametrize("role", ["ministry", "jiangsu", "nanjing_body"])
def test_the_published_results_query_count_does_not_grow(world, client_for, page_client_for, role):
    notice = notice_in(world, "final")
    client = client_for(world.user(role))
    page = page_client_for(world.user(role))
    client.get(reverse("api:published-result-list"))
    page.get(reverse("my-result-list"))
    few_api = count_queries(lambda: client.get(reverse("api:published-result-list")))
    few_page = count_queries(lambda: page.get(reverse("my-result-list")))
    many_winners(world, notice.run, 8)  # clusters in Nanjing: Jiangsu reads them, the Nanjing body does not
    expected = {"ministry": 11, "jiangsu": 10, "nanjing_body": 1}[role]
    assert client.get(reverse("api:published-result-list")).json()["count"] == expected
    assert count_queries(lambda: client.get(reverse("api:published-result-list"))) == few_api
    assert count_queries(lambda: page.get(reverse("my-result-list"))) == few_page


def test_notice_state_uses_now():
    notice = PublicNotice(status=PublicNotice.Status.OPEN, closes=timezone.now() + timedelta(days=1))
    assert notice_services.notice_state(notice) == "open"
    assert notice_services.notice_state(notice, timezone.now() + timedelta(days=2)) == "closed"


# Demo data ---------------------------------------------------------------------------------------------------------


def test_the_demo_competition_runs_to_its_winners(demo, page_client_for):
    from django.contrib.auth import get_user_model

    from clusters.models import Cluster
    from evaluations.models import Assignment, Competition, Review
    from evaluations.review.demo import OVERRIDE_REASON, seed_review

    group, final = PublicNotice.objects.order_by("run__round__position")
    assert (group.status, final.status) == (PublicNotice.Status.FINAL, PublicNotice.Status.FINAL)
    assert group.closes - group.opens == timedelta(days=5)
    objection = Objection.objects.get()
    assert objection.notice == group and objection.status == Objection.Status.HANDLED and objection.answer
    # The blind group round: every review submitted but one; its run went ahead on a written reason.
    assert group.run.round.blind_review
    group_assignments = Assignment.objects.filter(submission__round=group.run.round)
    submitted = Review.objects.filter(status=Review.Status.SUBMITTED, assignment__in=group_assignments)
    assert (group_assignments.count(), submitted.count()) == (15, 14)
    assert group.run.review_override_reason == OVERRIDE_REASON
    assert [row["submitted"] for row in group.run.reviews_missing] == [2]
    # The comprehensive round: every review in, no override; its winners are national-level and the competition
    # closed.
    assert final.run.review_override_reason == "" and final.run.reviews_missing == []
    winners = set(Designation.objects.values_list("cluster__name", flat=True))
    assert winners == {"常州市智能装备集群", "苏州市工业软件集群"}
    for cluster in Cluster.objects.filter(name__in=winners):
        assert (cluster.tier, cluster.national_since) == ("national", 2024)
    assert set(Designation.objects.values_list("tier_before", flat=True)) == {"provincial"}
    assert Competition.objects.get().status == Competition.Status.CLOSED
    seed_review(log=lambda text: None)  # seeding again changes nothing
    assert (PublicNotice.objects.count(), Objection.objects.count(), EvaluationRun.objects.count()) == (2, 1, 2)

    suzhou = page_client_for(get_user_model().objects.get(username="suzhou-software"))
    own = Result.objects.get(run=final.run, submission__cluster__promotion_body__slug="suzhou-software")
    assert suzhou.get(reverse("my-result-detail", args=[own.pk])).status_code == 200
    public = page_client_for(None)
    page = public.get(reverse("notice-result", args=[group.pk])).content.decode()
    assert OVERRIDE_REASON in page and "赵静" not in page  # the reason is printed, the expert is not named
    assert public.get(reverse("notice-result", args=[final.pk])).status_code == 200
    # What an expert reads of a blind entry names neither the cluster nor its promotion body.
    assignment = group_assignments.select_related("expert__user", "submission__cluster__promotion_body").first()
    expert = page_client_for(assignment.expert.user)
    page = expert.get(reverse("review-form", args=[assignment.pk])).content.decode()
    entry = assignment.submission
    assert entry.cluster.name not in page and entry.cluster.promotion_body.name not in page


# In the browser ----------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_objects_in_the_browser_and_the_ministry_answers(live_server, world, browser_context, sign_in):
    notice = notice_in(world, "open")
    page = browser_context("en-GB").new_page()
    page.goto(live_server.url + reverse("notice-list"))
    page.click(f"#notices a[href='{reverse('notice-detail', args=[notice.pk])}']")
    assert page.locator("table.winners").first.is_visible()
    page.fill("#id_name", "张三")
    page.fill("#id_contact", "not a phone")
    page.fill("#id_text", OBJECTION["text"])
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("text=Enter a valid e-mail address or telephone number.")
    assert not Objection.objects.exists()
    page.fill("#id_contact", "zhang@example.com")
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("text=Your objection was received")
    objection = Objection.objects.get()
    assert objection.contact == "zhang@example.com" and objection.lodged_by is None

    page = browser_context("en-GB").new_page()  # the ministry, in a context of its own
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("objection-list"))
    page.click(f"#objections a[href='{reverse('objection-detail', args=[objection.pk])}']")
    page.fill("#id_handling", HANDLING["handling"])
    page.fill("#id_answer", HANDLING["answer"])
    page.click("button:has-text('Mark as handled')")
    page.wait_for_selector("#objection-answer")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.HANDLED and objection.handled_by == world.ministry
