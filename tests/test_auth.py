"""Sign-in, API tokens, lockout, /me, and organisation admins managing members."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tenancy.models import Membership

from .factories import PASSWORD, MembershipFactory, api_key_for


def test_token_for_good_credentials_and_me_reports_the_organisation(world):
    client = APIClient()
    response = client.post(reverse("api:auth-token"), {"username": "t-jiangsu", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get(reverse("api:me")).json()
    assert me["username"] == "t-jiangsu"
    assert me["kind"] == "local"
    assert me["role"] == "admin"
    assert me["organisation"]["slug"] == "t-jiangsu"
    assert me["organisation"]["region"] == "320000"


def test_me_of_an_expert_has_no_organisation(world, client_for):
    me = client_for(world.expert).get(reverse("api:me")).json()
    assert me["kind"] == "expert"
    assert me["organisation"] is None
    assert me["role"] is None


def test_bad_token_request_gets_field_errors(db):
    response = APIClient().post(reverse("api:auth-token"), {"username": ""}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"username", "password"}


def test_api_locks_the_account_after_five_failures(world):
    client = APIClient()
    url = reverse("api:auth-token")
    for _attempt in range(5):
        response = client.post(url, {"username": "t-jiangsu", "password": "wrong"}, format="json")
        assert response.status_code in (401, 429)
    response = client.post(url, {"username": "t-jiangsu", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"


def test_login_page_signs_in_and_lands_on_the_role_dashboard(world, client):
    response = client.post(reverse("login"), {"username": "t-nanjing", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "tenancy/dashboard_cluster_body.html" in [t.name for t in response.templates]


def test_login_page_locks_out_after_five_failures(world, client):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "t-nanjing", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "t-nanjing", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_an_error_and_signs_nobody_in(world, client):
    response = client.post(reverse("login"), {"username": "t-nanjing", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("cluster-list")).status_code == 302


def test_admin_adds_a_member_who_sets_a_password_from_the_invitation_and_signs_in(
    world, page_client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = page_client_for(world.nanjing_body)
    data = {"username": "new-editor", "full_name": "王芳", "email": "wf@example.cn", "role": "editor"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("member-add"), data)
    assert response.status_code == 302
    membership = Membership._base_manager.get(user__username="new-editor")
    assert (membership.organisation, membership.role) == (world.orgs["nanjing_body"], "editor")
    assert not membership.user.has_usable_password()
    [mail] = mailoutbox
    assert mail.to == ["wf@example.cn"]
    link = re.search(r"https?://\S+/invitations/(\S+)/", mail.body)
    token_url = reverse("api:auth-token")
    assert APIClient().post(token_url, {"username": "new-editor", "password": "a-long-passphrase-9"}).status_code == 401
    accept = Client().post(
        reverse("invitation-accept", args=[link.group(1)]),
        {"password": "a-long-passphrase-9", "password_again": "a-long-passphrase-9"},
    )
    assert accept.status_code == 302
    assert APIClient().post(token_url, {"username": "new-editor", "password": "a-long-passphrase-9"}).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "t-jiangsu", "role": "editor", "email": "n@example.cn"}, "username"),
        ({"username": "x y", "role": "editor", "email": "n@example.cn"}, "username"),
        ({"username": "newbie", "role": "owner", "email": "n@example.cn"}, "role"),
        ({"username": "newbie", "role": "editor", "email": ""}, "email"),
        ({"username": "newbie", "role": "editor", "email": "not-an-address"}, "email"),
        ({"username": "newbie", "role": "editor", "email": "t-jiangsu@example.cn"}, "email"),
    ],
)
def test_bad_member_input_is_refused_and_changes_nothing(world, page_client_for, mailoutbox, data, field):
    users_before = get_user_model().objects.count()
    response = page_client_for(world.nanjing_body).post(reverse("member-add"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert get_user_model().objects.count() == users_before
    assert mailoutbox == []


def test_api_member_creation_reports_a_taken_username_on_its_field(world, client_for):
    response = client_for(world.nanjing_body).post(
        reverse("api:membership-list"),
        {"username": "t-jiangsu", "role": "viewer", "email": "someone@example.cn"},
        format="json",
    )
    assert response.status_code == 400
    assert "username" in response.json()["error"]["fields"]


def test_deactivated_member_cannot_sign_in_and_reactivation_restores(world, page_client_for, client):
    admin = page_client_for(world.nanjing_body)
    viewer_membership = Membership._base_manager.get(user=world.nanjing_viewer)
    assert admin.post(reverse("member-deactivate", args=[viewer_membership.pk])).status_code == 302
    viewer_membership.refresh_from_db()
    assert viewer_membership.is_active is False
    response = client.post(reverse("login"), {"username": "t-nanjing-viewer", "password": PASSWORD})
    assert "_auth_user_id" not in client.session and response.status_code == 200
    assert admin.post(reverse("member-reactivate", args=[viewer_membership.pk])).status_code == 302
    client.post(reverse("login"), {"username": "t-nanjing-viewer", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_the_last_admin_cannot_be_demoted(world, client_for):
    second_admin = MembershipFactory(organisation=world.orgs["nanjing_body"], role="admin")
    client = client_for(second_admin.user)
    own = Membership._base_manager.get(user=world.nanjing_body)
    assert (
        client.patch(reverse("api:membership-detail", args=[own.pk]), {"role": "viewer"}, format="json").status_code
        == 200
    )
    client = client_for(world.nanjing_body)  # now a viewer: may not change anyone
    assert (
        client.patch(
            reverse("api:membership-detail", args=[second_admin.pk]), {"role": "viewer"}, format="json"
        ).status_code
        == 403
    )
    second_admin.refresh_from_db()
    assert second_admin.role == "admin"


def test_keep_an_admin_rule(world):
    from django.core.exceptions import ValidationError

    from tenancy.memberships.services import membership_change_role

    own = Membership._base_manager.get(user=world.jiangsu)
    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(membership=own, role="viewer")
    assert "role" in excinfo.value.message_dict
    own.refresh_from_db()
    assert own.role == "admin"


def test_unknown_token_and_inactive_user_get_401(world, client_for):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get(reverse("api:me"), HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()["error"]["message"]) == (401, "Invalid token.")
    client = client_for(world.jiangsu)
    get_user_model().objects.filter(pk=world.jiangsu.pk).update(is_active=False)
    response = client.get(reverse("api:me"), HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()["error"]["message"]) == (401, "User inactive or deleted.")


def test_token_query_reads_user_membership_organisation_and_region_at_once(world, django_assert_num_queries):
    from tenancy.api.authentication import token_for_key

    key = api_key_for(world.nanjing_body)
    expert_key = api_key_for(world.expert)
    with django_assert_num_queries(1):
        token = token_for_key(key)
        region = token.user.membership.organisation.region
    assert (token.prefix, token.user, region.code) == (key[:8], world.nanjing_body, "320100")
    with django_assert_num_queries(1):
        expert = token_for_key(expert_key).user
        assert not hasattr(expert, "membership")  # no membership, known without a query
    assert expert == world.expert and token_for_key("no-such-token") is None
