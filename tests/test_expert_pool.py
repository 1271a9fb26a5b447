"""The expert pool in the product (issue 12, item 3): the ministry adds an expert (who is invited to set a password),
changes a profile, deactivates and reactivates an expert and invites again; an expert keeps their own profile but
never their eligibility. A change of affiliation or region, by either, re-checks conflicts of the open assignments."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Assignment
from tenancy.experts import services
from tenancy.models import ExpertProfile, Invitation
from tenancy.scoping import unscoped

from .builders.review import review_world
from .factories import ExpertProfileFactory, MemberFactory, UserFactory

PASSWORD = "a-long-passphrase-9"
NEW_EXPERT = {
    "username": "t-new-expert",
    "email": "new.expert@example.cn",
    "full_name": "王五",
    "affiliation": "浙江大学",
    "region": "330100",
    "fields": ["ngit"],
    "title": "教授",
    "phone": "0571-88888888",
}


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    run.outbox = mailoutbox
    return run


def snapshot():
    users = list(get_user_model()._default_manager.order_by("pk").values_list())
    profiles = list(unscoped(ExpertProfile).order_by("pk").values_list())
    fields = list(unscoped(ExpertProfile).order_by("pk").values_list("pk", "fields"))
    return users, profiles, fields, Invitation._base_manager.count()


def signs_in(username, password=PASSWORD) -> bool:
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def link_key(mail) -> str:
    return re.search(r"https?://\S+/invitations/([^/\s]+)/", mail.body).group(1)


# Adding an expert ---------------------------------------------------------------------------------------------------


def test_the_ministry_adds_an_expert_who_is_invited_and_sets_a_password(world, client_for, mails):
    with mails():
        response = client_for(world.ministry).post(reverse("api:expert-list"), NEW_EXPERT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "t-new-expert"
    assert body["full_name"] == "王五"
    assert body["email"] == "new.expert@example.cn"
    assert (body["affiliation"], body["region"], body["fields"]) == ("浙江大学", "330100", ["ngit"])
    assert (body["title"], body["phone"], body["is_eligible"], body["is_active"]) == (
        "教授",
        "0571-88888888",
        False,
        True,
    )
    user = get_user_model()._default_manager.get(username="t-new-expert")
    assert not user.has_usable_password()
    (mail,) = mails.outbox
    assert mail.to == ["new.expert@example.cn"]
    invitation = Invitation._base_manager.get(user=user)
    assert invitation.organisation is None
    response = Client().post(
        reverse("invitation-accept", args=[link_key(mail)]), {"password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 302
    assert signs_in("t-new-expert")


def test_an_expert_added_without_invitation_gets_no_mail_until_invited(world, client_for, mails):
    with mails():
        response = client_for(world.ministry).post(
            reverse("api:expert-list"), {**NEW_EXPERT, "send_invitation": False}, format="json"
        )
    assert response.status_code == 201
    assert mails.outbox == []
    with mails():
        response = client_for(world.ministry).post(reverse("api:expert-invite", args=[response.json()["id"]]))
    assert response.status_code == 200
    assert [mail.to for mail in mails.outbox] == [["new.expert@example.cn"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "t-expert"}, "username"),
        ({"email": "t-ministry@example.com"}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"full_name": "  "}, "full_name"),
        ({"affiliation": " "}, "affiliation"),
        ({"region": "999999"}, "region"),
        ({"fields": ["ngit", "no-such-field"]}, "fields"),
        ({"title": "x" * 101}, "title"),
    ],
)
def test_bad_input_for_a_new_expert_names_the_field_and_changes_nothing(world, client_for, mails, change, field):
    get_user_model()._default_manager.filter(pk=world.ministry.pk).update(email="t-ministry@example.com")
    before = snapshot()
    with mails():
        response = client_for(world.ministry).post(reverse("api:expert-list"), {**NEW_EXPERT, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert snapshot() == before
    assert mails.outbox == []


def test_a_duplicate_email_is_refused_whatever_its_case(world):
    get_user_model()._default_manager.filter(pk=world.expert.pk).update(email="Expert@Example.cn")
    with pytest.raises(Exception) as refused:
        services.expert_create(by=world.ministry, **{**NEW_EXPERT, "email": "expert@example.CN"})
    assert "email" in refused.value.message_dict
    assert not get_user_model()._default_manager.filter(username="t-new-expert").exists()


@pytest.mark.parametrize("role", ["jiangsu", "nanjing_body", "expert", "nanjing_viewer"])
def test_nobody_but_the_ministry_adds_an_expert(world, client_for, role):
    before = snapshot()
    response = client_for(world.user(role)).post(reverse("api:expert-list"), NEW_EXPERT, format="json")
    assert response.status_code == 403
    assert snapshot() == before


# Changing a profile -------------------------------------------------------------------------------------------------


def test_the_ministry_changes_a_profile_and_it_is_in_the_history(world, client_for):
    profile = world.expert.expert_profile
    response = client_for(world.ministry).patch(
        reverse("api:expert-detail", args=[profile.pk]),
        {"title": "研究员", "phone": "010-1234", "fields": ["ngit"], "full_name": "张三", "is_eligible": False},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["phone"], body["fields"], body["full_name"], body["is_eligible"]) == (
        "研究员",
        "010-1234",
        ["ngit"],
        "张三",
        False,
    )
    history = client_for(world.ministry).get(reverse("api:expert-history", args=[profile.pk])).json()
    changed = {change["field"] for entry in history[:2] for change in entry["changes"]}
    assert {"title", "phone", "is_eligible", "fields"} <= changed
    assert {entry["user"] for entry in history[:2]} == {"t-ministry"}


def test_a_bad_change_names_the_field_and_changes_nothing(world, client_for):
    profile = world.expert.expert_profile
    before = snapshot()
    response = client_for(world.ministry).patch(
        reverse("api:expert-detail", args=[profile.pk]),
        {"title": "新头衔", "region": "000000", "email": "bad"},
        format="json",
    )
    assert response.status_code == 400
    assert {"region", "email"} <= set(response.json()["error"]["fields"])
    assert snapshot() == before


def test_an_expert_changes_their_own_profile(world, client_for):
    profile = world.expert.expert_profile
    response = client_for(world.expert).patch(
        reverse("api:expert-me"), {"affiliation": "南京大学", "title": "教授", "fields": ["ngit"]}, format="json"
    )
    assert response.status_code == 200, response.content
    profile.refresh_from_db()
    assert (profile.affiliation, profile.title) == ("南京大学", "教授")
    assert list(profile.fields.values_list("pk", flat=True)) == ["ngit"]
    assert client_for(world.expert).get(reverse("api:expert-me")).json()["affiliation"] == "南京大学"


@pytest.mark.parametrize("data", [{"is_eligible": True}, {"email": "x@example.cn"}, {"full_name": "李四"}])
def test_an_expert_cannot_change_their_eligibility_or_account(world, client_for, data):
    profile = world.expert.expert_profile
    ExpertProfile._base_manager.filter(pk=profile.pk).update(is_eligible=False)
    before = snapshot()
    for url in (reverse("api:expert-me"), reverse("api:expert-detail", args=[profile.pk])):
        response = client_for(world.expert).patch(url, data, format="json")
        assert response.status_code == 403, response.content
    assert snapshot() == before


def test_an_expert_cannot_change_another_expert(world, client_for):
    other = ExpertProfileFactory(user=UserFactory(username="t-other-expert"))
    page = Client()
    page.force_login(world.expert)  # signing in records the time of it: before the snapshot
    before = snapshot()
    response = client_for(world.expert).patch(
        reverse("api:expert-detail", args=[other.pk]), {"affiliation": "冒名"}, format="json"
    )
    assert response.status_code == 404
    assert page.post(reverse("expert-edit", args=[other.pk]), {"affiliation": "冒名"}).status_code == 403
    assert snapshot() == before


def test_the_service_refuses_an_expert_changing_eligibility(world):
    profile = world.expert.expert_profile
    with pytest.raises(Exception) as refused:
        services.expert_self_update(profile=profile, by=world.expert, is_eligible=False)
    assert "is_eligible" in refused.value.message_dict


# Conflicts re-checked -----------------------------------------------------------------------------------------------


def _assignment_status(assignment):
    return Assignment._base_manager.get(pk=assignment.pk).status


def test_a_new_affiliation_by_the_expert_recuses_an_assignment_of_the_affiliated_cluster(world, client_for):
    review = review_world(world)
    MemberFactory(cluster=review["entry"].cluster, name="无锡物联网研究院", name_en="Wuxi IoT Institute")
    other = review["other_assignment"]
    assert _assignment_status(review["my_assignment"]) == Assignment.Status.ASSIGNED
    response = client_for(world.expert).patch(
        reverse("api:expert-me"), {"affiliation": "无锡物联网研究院"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert _assignment_status(review["my_assignment"]) == Assignment.Status.RECUSED
    assert _assignment_status(other) == Assignment.Status.ASSIGNED


def test_a_new_region_by_the_ministry_recuses_an_assignment_in_that_region(world, client_for):
    review = review_world(world)
    page = Client()
    page.force_login(world.ministry)
    profile = review["mine"]
    response = page.post(
        reverse("expert-edit", args=[profile.pk]),
        {
            "full_name": "t-expert",
            "email": "t-expert@example.cn",
            "affiliation": profile.affiliation,
            "region": "320200",  # Wuxi: the entry's cluster
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _assignment_status(review["my_assignment"]) == Assignment.Status.RECUSED


def test_a_new_region_on_my_profile_page_recuses_too(world):
    review = review_world(world)
    page = Client()
    page.force_login(world.expert)
    response = page.post(reverse("expert-me"), {"affiliation": "北京某大学", "region": "320200"})
    assert response.status_code == 302
    assert _assignment_status(review["my_assignment"]) == Assignment.Status.RECUSED


def test_an_unrelated_change_keeps_the_assignment(world, client_for):
    review = review_world(world)
    client_for(world.expert).patch(reverse("api:expert-me"), {"title": "教授", "region": "110105"}, format="json")
    assert _assignment_status(review["my_assignment"]) == Assignment.Status.ASSIGNED


# Deactivation -------------------------------------------------------------------------------------------------------


def test_a_deactivated_expert_cannot_sign_in_and_is_flagged_with_open_assignments(world, client_for):
    review = review_world(world)
    world.expert.set_password(PASSWORD)
    world.expert.save()
    assert signs_in("t-expert")
    response = client_for(world.ministry).post(reverse("api:expert-deactivate", args=[review["mine"].pk]))
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert not signs_in("t-expert")
    assert _assignment_status(review["my_assignment"]) == Assignment.Status.ASSIGNED
    page = Client()
    page.force_login(world.ministry)
    detail = page.get(reverse("expert-pool-detail", args=[review["mine"].pk])).content.decode()
    assert 'id="open-assignments-warning"' in detail
    listed = page.get(reverse("expert-pool"), {"active": "no"}).content.decode()
    assert "t-expert</span>" in listed and "t-expert-2" not in listed
    response = client_for(world.ministry).post(reverse("api:expert-reactivate", args=[review["mine"].pk]))
    assert response.json()["is_active"] is True
    assert signs_in("t-expert")


def test_a_deactivated_expert_is_given_no_new_assignment(world):
    from evaluations.review import services as review_services
    from tenancy.errors import Refusal

    review = review_world(world)
    third = review["third"]
    services.expert_set_active(profile=third, active=False, by=world.ministry)
    with pytest.raises(Refusal):
        review_services.assignment_add(submission=review["entry"], expert=third, by=world.ministry)


def test_a_deactivated_expert_is_not_invited(world, client_for, mails):
    profile = world.expert.expert_profile
    services.expert_set_active(profile=profile, active=False, by=world.ministry)
    with mails():
        response = client_for(world.ministry).post(reverse("api:expert-invite", args=[profile.pk]))
    assert (response.status_code, response.json()["error"]["code"]) == (409, "inactive")
    assert mails.outbox == []


# Pages --------------------------------------------------------------------------------------------------------------


def test_the_ministry_adds_an_expert_on_the_page(world, mails):
    page = Client()
    page.force_login(world.ministry)
    form = {**NEW_EXPERT, "send_invitation": "on"}
    with mails():
        response = page.post(reverse("expert-add"), form)
    assert response.status_code == 302
    profile = ExpertProfile._base_manager.get(user__username="t-new-expert")
    assert response.url == reverse("expert-pool-detail", args=[profile.pk])
    assert len(mails.outbox) == 1
    detail = page.get(response.url).content.decode()
    assert 'id="expert-invite"' in detail and 'id="expert-deactivate"' in detail and "0571-88888888" in detail


def test_the_page_shows_field_errors_and_changes_nothing(world):
    page = Client()
    page.force_login(world.ministry)
    before = snapshot()
    response = page.post(reverse("expert-add"), {**NEW_EXPERT, "region": "999999", "username": "t-expert"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"region", "username"}
    assert snapshot() == before


def test_my_profile_page_shows_no_cluster_name(world):
    review = review_world(world)
    page = Client()
    page.force_login(world.expert)
    text = page.get(reverse("expert-me")).content.decode()
    assert review["entry"].cluster.name not in text
    assert world.nanjing_cluster.name not in text


def _queries(fetch):
    fetch()
    with CaptureQueriesContext(connection) as context:
        assert fetch().status_code == 200
    return len(context.captured_queries)


def test_the_pool_list_and_page_take_the_same_queries_for_one_row_and_many(world, client_for):
    client = client_for(world.ministry)
    page = Client()
    page.force_login(world.ministry)
    fetches = {
        "api": lambda: client.get(reverse("api:expert-list")),
        "pool-api": lambda: client.get(reverse("api:expert-pool-list")),
        "page": lambda: page.get(reverse("expert-pool")),
    }
    one = {name: _queries(fetch) for name, fetch in fetches.items()}
    for index in range(11):
        profile = ExpertProfileFactory(user=UserFactory(username=f"t-pool-{index}"), title="教授")
        profile.fields.set(["ngit"])
        if index % 2:
            services.expert_set_active(profile=profile, active=False, by=world.ministry)
    many = {name: _queries(fetch) for name, fetch in fetches.items()}
    assert client.get(reverse("api:expert-list")).json()["count"] == 12
    assert many == one
