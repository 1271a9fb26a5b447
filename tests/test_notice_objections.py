"""Objections to the public notice: input and field errors, anonymous and signed-in objectors, the rate limit, what an
objector sees, and the ministry's handling of each objection."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.models import Objection
from evaluations.notice import services as notice_services
from tenancy.models import Notification

from .builders.competitions import entries
from .builders.notice import HANDLING, OBJECTION, error_fields, lodge_api, notice_in, objection_in

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
