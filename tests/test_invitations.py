"""Invitations (issue 12, item 2): a person added to the product sets their own password from a single-use link
that expires; administrators list open invitations, send one again (a new link, the old one stops working) or
withdraw it. The mail is in the invitation's language."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tenancy.invitations import services
from tenancy.models import Invitation, Membership

PASSWORD = "a-long-passphrase-9"


def link_key(mail) -> str:
    return re.search(r"https?://\S+/invitations/([^/\s]+)/", mail.body).group(1)


def accept(key, password=PASSWORD, again=None):
    return Client().post(
        reverse("invitation-accept", args=[key]), {"password": password, "password_again": again or password}
    )


def signs_in(username, password=PASSWORD) -> bool:
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """`with mails():` runs what the block leaves for the commit (the invitation mails), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def invited(world, mailoutbox, mails):
    """A colleague invited into the Nanjing promotion body, and the key of their link."""
    with mails():
        membership = services.membership_invite(
            organisation=world.orgs["nanjing_body"],
            username="li-na",
            email="li.na@example.cn",
            role="editor",
            full_name="李娜",
            invited_by=world.nanjing_body,
            language="zh-hans",
        )
    [mail] = mailoutbox
    return membership.user, link_key(mail)


def test_the_link_sets_the_password_once(world, invited):
    user, key = invited
    assert not signs_in("li-na")
    assert Client().get(reverse("invitation-accept", args=[key])).status_code == 200
    response = accept(key)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert signs_in("li-na")
    invitation = Invitation._base_manager.get(user=user)
    assert invitation.status == "accepted" and invitation.accepted is not None
    again = accept(key, password="another-passphrase-7")
    assert again.status_code == 404
    assert "此邀请链接已失效" in again.content.decode()
    assert signs_in("li-na") and not signs_in("li-na", "another-passphrase-7")


def expire(user, *, by=timedelta(minutes=1)):
    Invitation._base_manager.filter(user=user).update(expires=timezone.now() - by)


def test_an_expired_link_is_refused(world, invited):
    user, key = invited
    invitation = Invitation._base_manager.get(user=user)
    assert invitation.expires - invitation.sent == timedelta(days=7)
    expire(user)
    assert Client().get(reverse("invitation-accept", args=[key])).status_code == 404
    assert accept(key).status_code == 404
    assert Invitation._base_manager.get(user=user).status == "expired"
    assert not signs_in("li-na")


@pytest.mark.parametrize(
    ("password", "again", "field"),
    [("a-long-passphrase-9", "a-different-one-9", "password_again"), ("12345678", "12345678", "password")],
)
def test_a_bad_password_is_refused_and_the_link_still_works(world, invited, password, again, field):
    user, key = invited
    response = accept(key, password, again)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Invitation._base_manager.get(user=user).status == "pending"
    assert accept(key).status_code == 302


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(
    world, invited, page_client_for, mailoutbox, mails
):
    user, old_key = invited
    invitation = Invitation._base_manager.get(user=user)
    with mails():
        response = page_client_for(world.nanjing_body).post(reverse("invitation-resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    new_key = link_key(mailoutbox[1])
    assert new_key != old_key
    assert accept(old_key).status_code == 404
    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    assert accept(new_key).status_code == 302


def test_an_expired_invitation_can_be_sent_again(world, invited, client_for, mailoutbox, mails):
    user, _key = invited
    invitation = Invitation._base_manager.get(user=user)
    expire(user, by=timedelta(days=3))
    with mails():
        body = client_for(world.nanjing_body).post(reverse("api:invitation-resend", args=[invitation.pk])).json()
    assert body["status"] == "pending" and body["times_sent"] == 2
    assert accept(link_key(mailoutbox[-1])).status_code == 302


def test_withdrawing_stops_the_link_and_deactivates_the_unused_account(world, invited, page_client_for):
    user, key = invited
    invitation = Invitation._base_manager.get(user=user)
    client = page_client_for(world.nanjing_body)
    confirm = client.get(reverse("invitation-withdraw", args=[invitation.pk]))
    assert confirm.status_code == 200 and "li.na@example.cn" in confirm.content.decode()
    assert client.post(reverse("invitation-withdraw", args=[invitation.pk])).status_code == 302
    assert accept(key).status_code == 404
    user.refresh_from_db()
    assert not user.is_active
    assert not Membership._base_manager.get(user=user).is_active
    refused = client.post(reverse("invitation-resend", args=[invitation.pk]), follow=True)
    assert "撤回" in refused.content.decode() or "withdrawn" in refused.content.decode()
    assert Invitation._base_manager.get(pk=invitation.pk).times_sent == 1


def test_an_accepted_invitation_cannot_be_withdrawn_or_sent_again(world, invited, client_for):
    user, key = invited
    accept(key)
    invitation = Invitation._base_manager.get(user=user)
    client = client_for(world.nanjing_body)
    for route in ("api:invitation-resend", "api:invitation-withdraw"):
        response = client.post(reverse(route, args=[invitation.pk]))
        assert (response.status_code, response.json()["error"]["code"]) == (409, "closed"), route
    user.refresh_from_db()
    assert user.is_active


def test_the_mail_is_in_the_invitation_language(world, mailoutbox, mails):
    for language, username in (("zh-hans", "zh-person"), ("en", "en-person")):
        with mails():
            services.membership_invite(
                organisation=world.orgs["nanjing_body"],
                username=username,
                email=f"{username}@example.cn",
                role="viewer",
                invited_by=world.nanjing_body,
                language=language,
            )
    chinese, english = mailoutbox
    assert chinese.subject.startswith("邀请您加入先进制造业集群平台")
    assert "您的用户名是 zh-person" in chinese.body and "7 天" in chinese.body
    assert english.subject.startswith("Invitation to the Advanced Manufacturing Cluster Platform")
    assert "Your username is en-person" in english.body and "expires in 7 days" in english.body
    assert world.orgs["nanjing_body"].name in chinese.subject


def test_only_the_newest_invitation_of_a_person_is_open(world, invited, mailoutbox, mails):
    user, first_key = invited
    with mails():
        services.invite(user=user, invited_by=world.ministry, organisation=world.orgs["nanjing_body"])
    assert accept(first_key).status_code == 404
    statuses = sorted(Invitation._base_manager.filter(user=user).values_list("withdrawn", flat=True), key=bool)
    assert statuses[0] is None and statuses[1] is not None
    assert accept(link_key(mailoutbox[-1])).status_code == 302


def test_the_list_shows_each_administrator_what_they_may_see(world, invited, client_for, page_client_for):
    def emails(role, **params):
        return sorted(
            row["email"]
            for row in client_for(world.user(role)).get(reverse("api:invitation-list"), params).json()["results"]
        )

    assert emails("ministry") == emails("nanjing_body") == ["li.na@example.cn"]
    assert emails("shenzhen_body") == emails("jiangsu") == []
    assert emails("nanjing_body", status="accepted") == []
    page = page_client_for(world.nanjing_body).get(reverse("invitation-list"))
    assert "li.na@example.cn" in page.content.decode()
    empty = page_client_for(world.shenzhen_body).get(reverse("invitation-list"))
    assert 'id="no-invitations"' in empty.content.decode()


# The API list (session, viewer, count, page, organisations) and the page (also its menu and notifications badge).
QUERY_COUNTS = [5, 8]


@pytest.mark.parametrize("rows", [1, 12])
def test_the_invitation_list_costs_the_same_queries_for_one_row_and_many(world, client_for, page_client_for, rows):
    for n in range(rows):
        services.membership_invite(
            organisation=world.orgs["nanjing_body"],
            username=f"person-{n}",
            email=f"person-{n}@example.cn",
            role="viewer",
            invited_by=world.nanjing_body,
        )
    api, page = client_for(world.nanjing_body), page_client_for(world.nanjing_body)
    counts = []
    for client, url in ((api, reverse("api:invitation-list")), (page, reverse("invitation-list"))):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == QUERY_COUNTS


def test_adding_a_colleague_through_the_api_invites_them(world, client_for, mailoutbox, mails):
    with mails():
        response = client_for(world.nanjing_body).post(
            reverse("api:membership-list"),
            {"username": "wang-wei", "email": "wang.wei@example.cn", "role": "viewer", "full_name": "王伟"},
            format="json",
        )
    assert response.status_code == 201
    [mail] = mailoutbox
    assert mail.to == ["wang.wei@example.cn"]
    user = get_user_model().objects.get(username="wang-wei")
    assert not user.has_usable_password()
    assert accept(link_key(mail)).status_code == 302
    assert signs_in("wang-wei")
