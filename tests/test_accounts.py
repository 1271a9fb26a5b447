"""Accounts: API tokens (several per user, expiring, revocable, listed without their keys), what deactivation ends,
password change, and password reset by mail."""

import importlib
import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tenancy.accounts.services import LAST_USED_PRECISION, api_token_create
from tenancy.models import ApiToken, Membership

from .conftest import count_queries
from .factories import PASSWORD, api_key_for

NEW_PASSWORD = "a-fresh-passphrase-42"


def api(key=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def request_token(username, password=PASSWORD, **extra):
    return api().post(reverse("api:auth-token"), {"username": username, "password": password, **extra}, format="json")


def error_of(response):
    error = response.json()["error"]
    return response.status_code, error["code"], error["message"]


# API tokens ----------------------------------------------------------------------------------------------------------


def test_each_token_request_gives_a_new_token_expiring_after_the_ttl(world):
    first = request_token("t-jiangsu", name="nightly import")
    second = request_token("t-jiangsu")
    assert first.status_code == second.status_code == 200
    body = first.json()
    assert body["token"] != second.json()["token"]
    assert body["name"] == "nightly import" and body["status"] == "active" and body["revoked"] is None
    assert body["prefix"] == body["token"][:8]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.expires - token.created == timedelta(days=90)
    for key in (body["token"], second.json()["token"]):
        assert api(key).get(reverse("api:me")).json()["username"] == "t-jiangsu"


def test_the_ttl_is_a_setting(world, settings):
    settings.API_TOKEN_TTL_DAYS = 7
    token = ApiToken.objects.get(pk=request_token("t-jiangsu").json()["id"])
    assert token.expires - token.created == timedelta(days=7)


def test_keys_are_stored_as_digests_only(world):
    key = request_token("t-jiangsu").json()["token"]
    token = ApiToken.objects.get(user=world.jiangsu)
    assert token.digest == ApiToken.digest_of(key) and len(token.digest) == 64
    assert not ApiToken.objects.filter(digest=key).exists() and key not in str(token.__dict__)


def test_an_expired_token_gets_401_saying_it_expired(world):
    key = api_key_for(world.jiangsu)
    ApiToken.objects.filter(user=world.jiangsu).update(
        created=timezone.now() - timedelta(days=91), expires=timezone.now() - timedelta(days=1)
    )
    response = api(key).get(reverse("api:me"))
    assert error_of(response) == (
        401,
        "token_expired",
        "This token has expired. Sign in again to get a new one.",
    )
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(api(key, "zh-hans").get(reverse("api:me")))[2] == "此令牌已过期。请重新登录以获取新令牌。"


def test_a_token_expires_at_its_expiry_not_a_moment_later(world):
    key = api_key_for(world.jiangsu)
    ApiToken.objects.filter(user=world.jiangsu).update(expires=timezone.now() + timedelta(minutes=1))
    assert api(key).get(reverse("api:me")).status_code == 200
    ApiToken.objects.filter(user=world.jiangsu).update(expires=timezone.now())
    assert api(key).get(reverse("api:me")).status_code == 401


def test_delete_auth_token_revokes_the_token_of_the_request_only(world):
    used, other = api_key_for(world.jiangsu), api_key_for(world.jiangsu)
    assert api(used).delete(reverse("api:auth-token")).status_code == 204
    assert error_of(api(used).get(reverse("api:me"))) == (
        401,
        "token_revoked",
        "This token was revoked. Sign in again to get a new one.",
    )
    assert api(other).get(reverse("api:me")).status_code == 200
    revoked = ApiToken.objects.get(digest=ApiToken.digest_of(used))
    assert revoked.revoked is not None and revoked.status == "revoked"


def test_delete_auth_token_in_a_session_has_no_token_to_revoke(world, page_client_for):
    api_key_for(world.jiangsu)
    response = page_client_for(world.jiangsu).delete(reverse("api:auth-token"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.json()["error"]["code"] == "no_token"
    assert not ApiToken.objects.filter(user=world.jiangsu, revoked__isnull=False).exists()


def test_token_list_holds_only_own_tokens_and_never_a_key(world):
    keys = [api_key_for(world.nanjing_body, name=f"script {n}") for n in range(3)]
    others = [api_key_for(world.nanjing_viewer), api_key_for(world.ministry)]
    response = api(keys[0]).get(reverse("api:api-token-list"))
    body = response.json()
    mine = ApiToken.objects.filter(user=world.nanjing_body)
    assert {row["id"] for row in body["results"]} == set(mine.values_list("pk", flat=True)) and body["count"] == 3
    assert [row["name"] for row in body["results"]] == ["script 2", "script 1", "script 0"]  # newest first
    assert {row["prefix"] for row in body["results"]} == {key[:8] for key in keys}
    text = response.content.decode()
    assert not any(key in text for key in keys + others) and "digest" not in text and "token" not in body["results"][0]


def test_revoking_another_users_token_is_404_and_it_keeps_working(world):
    victim_key = api_key_for(world.nanjing_viewer)
    victim = ApiToken.objects.get(user=world.nanjing_viewer)
    response = api(api_key_for(world.nanjing_body)).delete(reverse("api:api-token-detail", args=[victim.pk]))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    victim.refresh_from_db()
    assert victim.revoked is None
    assert api(victim_key).get(reverse("api:me")).status_code == 200


def test_revoking_an_own_token_by_id_lists_it_as_revoked(world):
    key, spare = api_key_for(world.expert, name="old"), api_key_for(world.expert, name="spare")
    token = ApiToken.objects.get(digest=ApiToken.digest_of(key))
    assert api(spare).delete(reverse("api:api-token-detail", args=[token.pk])).status_code == 204
    assert api(key).get(reverse("api:me")).status_code == 401
    rows = {row["name"]: row for row in api(spare).get(reverse("api:api-token-list")).json()["results"]}
    assert rows["old"]["status"] == "revoked" and rows["old"]["revoked"] is not None
    assert rows["spare"]["status"] == "active"
    first_revoked = ApiToken.objects.get(pk=token.pk).revoked
    assert api(spare).delete(reverse("api:api-token-detail", args=[token.pk])).status_code == 204  # idempotent
    assert ApiToken.objects.get(pk=token.pk).revoked == first_revoked


def test_a_token_is_stamped_when_used_at_most_once_per_interval(world):
    token, key = api_token_create(user=world.jiangsu, name="fresh")
    assert token.last_used is None
    client = api(key)
    client.get(reverse("api:me"))
    token.refresh_from_db()
    assert token.last_used is not None
    stamped = token.last_used
    assert count_queries(lambda: client.get(reverse("api:me"))) == count_queries(lambda: client.get(reverse("api:me")))
    token.refresh_from_db()
    assert token.last_used == stamped
    ApiToken.objects.filter(pk=token.pk).update(last_used=stamped - LAST_USED_PRECISION - timedelta(seconds=1))
    client.get(reverse("api:me"))
    token.refresh_from_db()
    assert token.last_used > stamped - timedelta(seconds=1)


@pytest.mark.parametrize("route", ["api:api-token-list", "account-tokens"])
def test_token_lists_take_the_same_queries_for_one_token_and_for_many(world, page_client_for, route):
    if route.startswith("api:"):
        client = api(api_key_for(world.nanjing_body))
    else:
        client = page_client_for(world.nanjing_body)
        api_key_for(world.nanjing_body)
    url = reverse(route)
    client.get(url)  # warm caches (content types, sessions)
    one = count_queries(lambda: client.get(url))
    for n in range(30):
        api_token_create(user=world.nanjing_body, name=f"script {n}")
    many = count_queries(lambda: client.get(url))
    assert one == many
    assert client.get(url).status_code == 200


def test_drf_tokens_are_copied_into_api_tokens_and_then_deleted(world):
    """Migration 0004 on a database that still has DRF's authtoken table."""
    from django.apps import apps

    migration = importlib.import_module("tenancy.migrations.0006_api_tokens")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, timezone.now() - timedelta(days=400), world.jiangsu.pk],
        )
    with connection.schema_editor(atomic=False) as editor:
        migration.copy_drf_tokens(apps, editor)
    token = ApiToken.objects.get(user=world.jiangsu)
    assert (token.prefix, token.name, token.revoked) == (old_key[:8], "authtoken", None)
    assert token.expires > timezone.now() + timedelta(days=89)
    assert api(old_key).get(reverse("api:me")).json()["username"] == "t-jiangsu"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0


# Deactivation -------------------------------------------------------------------------------------------------------


def signed_in_client(username):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


@pytest.mark.parametrize("way", ["page", "api"])
def test_deactivation_revokes_every_token_and_ends_every_session_and_reactivation_revives_none(
    world, page_client_for, client_for, way
):
    keys = [api_key_for(world.nanjing_viewer), api_key_for(world.nanjing_viewer)]
    browser = signed_in_client("t-nanjing-viewer")
    bystander_key, bystander = api_key_for(world.nanjing_body), signed_in_client("t-nanjing")
    membership = Membership.objects.get(user=world.nanjing_viewer)
    if way == "page":
        admin = page_client_for(world.nanjing_body)
        assert admin.post(reverse("member-deactivate", args=[membership.pk])).status_code == 302
    else:
        admin = client_for(world.nanjing_body)
        assert admin.post(reverse("api:membership-deactivate", args=[membership.pk])).status_code == 200
    assert not ApiToken.objects.filter(user=world.nanjing_viewer, revoked__isnull=True).exists()
    assert ApiToken.objects.filter(user=world.nanjing_viewer).count() == 2
    assert all(api(key).get(reverse("api:me")).status_code == 401 for key in keys)
    assert browser.get(reverse("cluster-list")).status_code == 302
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(world.nanjing_viewer.pk)
    ]
    assert api(bystander_key).get(reverse("api:me")).status_code == 200  # nobody else's access ends
    assert bystander.get(reverse("dashboard")).status_code == 200

    if way == "page":
        assert admin.post(reverse("member-reactivate", args=[membership.pk])).status_code == 302
    else:
        assert admin.post(reverse("api:membership-reactivate", args=[membership.pk])).status_code == 200
    assert get_user_model().objects.get(pk=world.nanjing_viewer.pk).is_active
    assert not ApiToken.objects.filter(user=world.nanjing_viewer, revoked__isnull=True).exists()
    assert all(error_of(api(key).get(reverse("api:me")))[1] == "token_revoked" for key in keys)
    assert browser.get(reverse("cluster-list")).status_code == 302  # the old session stays ended
    fresh = request_token("t-nanjing-viewer")
    assert fresh.status_code == 200 and api(fresh.json()["token"]).get(reverse("api:me")).status_code == 200


def test_a_deactivated_account_cannot_be_given_a_token(world):
    from django.core.exceptions import ValidationError

    from tenancy.accounts.services import account_set_active

    account_set_active(user=world.nanjing_viewer, active=False)
    with pytest.raises(ValidationError):
        api_token_create(user=world.nanjing_viewer)
    assert request_token("t-nanjing-viewer").status_code == 401


# The API tokens page ------------------------------------------------------------------------------------------------


def test_page_creates_a_token_and_shows_its_key_once(world, page_client_for):
    client = page_client_for(world.shenzhen_body)
    response = client.post(reverse("account-token-create"), {"name": "指标导入脚本"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201 and response["Cache-Control"].startswith("max-age=0")
    key = re.search(r'<code id="token-key">([^<]+)</code>', response.content.decode()).group(1)
    assert api(key).get(reverse("api:me")).json()["username"] == "t-shenzhen"
    listing = client.get(reverse("account-tokens")).content.decode()
    assert "指标导入脚本" in listing and f"{key[:8]}…" in listing and key not in listing


@pytest.mark.parametrize(("name", "error"), [("", "This field is required."), ("x" * 101, "at most 100 characters")])
def test_page_refuses_a_token_without_a_good_name(world, page_client_for, name, error):
    response = page_client_for(world.shenzhen_body).post(
        reverse("account-token-create"), {"name": name}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and error in str(response.context["form"].errors["name"])
    assert not ApiToken.objects.filter(user=world.shenzhen_body).exists()


def test_page_revokes_a_token_after_confirmation(world, page_client_for):
    key = api_key_for(world.shenzhen_body, name="old script")
    token = ApiToken.objects.get(user=world.shenzhen_body)
    client = page_client_for(world.shenzhen_body)
    url = reverse("account-token-revoke", args=[token.pk])
    confirm = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Revoke the token {token.prefix}… (old script)?" in confirm
    assert api(key).get(reverse("api:me")).status_code == 200  # asking revokes nothing
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account-tokens")
    assert f"The token {token.prefix}… was revoked." in response.content.decode()
    assert api(key).get(reverse("api:me")).status_code == 401


def test_the_user_menu_links_the_account_pages_and_sign_in_links_the_reset(world, page_client_for, client):
    page = page_client_for(world.expert).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("password-change")}"' in page and f'href="{reverse("account-tokens")}"' in page
    assert f'href="{reverse("password-reset")}"' in client.get(reverse("login")).content.decode()


# Password change ----------------------------------------------------------------------------------------------------


def password_is(username, password):
    return get_user_model().objects.get(username=username).check_password(password)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "old_password",
            "Your old password was entered incorrectly.",
        ),
        (
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
            "new_password2",
            "The two password fields didn’t match.",
        ),
        (
            {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
            "new_password2",
            "This password is entirely numeric.",
        ),
    ],
)
def test_password_change_refusals_change_nothing(world, page_client_for, data, field, message):
    response = page_client_for(world.jiangsu).post(reverse("password-change"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert any(error.startswith(message) for error in response.context["form"].errors[field])
    assert password_is("t-jiangsu", PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(world):
    here, elsewhere = signed_in_client("t-jiangsu"), signed_in_client("t-jiangsu")
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = here.post(reverse("password-change"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Your password was changed." in response.content.decode()
    assert password_is("t-jiangsu", NEW_PASSWORD)
    assert here.get(reverse("dashboard")).status_code == 200
    assert elsewhere.get(reverse("cluster-list")).status_code == 302


# Password reset -----------------------------------------------------------------------------------------------------

LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)")


def ask_for_reset(email, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(reverse("password-reset"), {"email": email}, follow=True)
    return client, response


def test_reset_by_mail_end_to_end_and_the_link_works_once(world):
    _asker, response = ask_for_reset("t-jiangsu@example.cn")
    assert response.redirect_chain[-1][0] == reverse("password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["t-jiangsu@example.cn"] and message.from_email == settings.DEFAULT_FROM_EMAIL
    link = LINK.search(message.body).group(1)

    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    form_page = visitor.get(link, follow=True)
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = visitor.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("password-reset-complete")
    assert password_is("t-jiangsu", NEW_PASSWORD)
    signed_in = signed_in_client_with("t-jiangsu", NEW_PASSWORD)
    assert signed_in.get(reverse("dashboard")).status_code == 200

    again = Client(HTTP_ACCEPT_LANGUAGE="en").get(link, follow=True)
    assert again.context["validlink"] is False
    assert "The link was already used, has expired or is incomplete." in again.content.decode()


def signed_in_client_with(username, password):
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    assert "_auth_user_id" in client.session
    return client


def test_an_expired_reset_link_is_refused(world, settings, monkeypatch):
    ask_for_reset("t-jiangsu@example.cn")
    link = LINK.search(mail.outbox[0].body).group(1)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)  # the clock, three days on
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(link, follow=True)
    assert response.context["validlink"] is False
    assert password_is("t-jiangsu", PASSWORD)


def without_csrf(content):
    return re.sub(rb'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world):
    _client, known = ask_for_reset("t-jiangsu@example.cn")
    _client, unknown = ask_for_reset("nobody@example.cn")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["t-jiangsu@example.cn"]
    assert unknown.redirect_chain == known.redirect_chain
    assert without_csrf(unknown.content) == without_csrf(known.content)
    assert "If an account has this address" in unknown.content.decode()


def test_a_deactivated_account_gets_no_reset_mail(world):
    from tenancy.accounts.services import account_set_active

    account_set_active(user=world.nanjing_viewer, active=False)
    _client, response = ask_for_reset("t-nanjing-viewer@example.cn")
    assert response.redirect_chain[-1][0] == reverse("password-reset-done") and mail.outbox == []


@pytest.mark.parametrize(
    ("language", "subject", "phrases"),
    [
        (
            "en",
            "Reset your password on the Advanced Manufacturing Cluster Platform",
            ["Hello t-jiangsu,", "The link works once, within 72 hours.", "ignore this mail"],
        ),
        (
            "zh-hans",
            "重置您在先进制造业集群平台的密码",
            ["t-jiangsu，您好：", "该链接只能使用一次，72 小时内有效。", "请忽略此邮件"],
        ),
    ],
)
def test_the_reset_mail_speaks_the_language_of_the_request(world, language, subject, phrases):
    ask_for_reset("t-jiangsu@example.cn", language=language)
    message = mail.outbox[0]
    assert message.subject == subject
    for phrase in phrases:
        assert phrase in message.body
    assert LINK.search(message.body)


# The admin ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(world, page_client_for):
    get_user_model().objects.filter(pk=world.ministry.pk).update(is_staff=True, is_superuser=True)
    return page_client_for(get_user_model().objects.get(pk=world.ministry.pk))


def test_deactivating_an_account_in_the_admin_revokes_its_tokens_and_sessions(world, superuser_client):
    key, browser = api_key_for(world.jiangsu), signed_in_client("t-jiangsu")
    user = world.jiangsu
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_staff": "",
        "is_superuser": "",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": joined.strftime("%H:%M:%S"),
    }  # is_active left out: unchecked
    response = superuser_client.post(reverse("admin:auth_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert not get_user_model().objects.get(pk=user.pk).is_active
    assert ApiToken.objects.get(user=user).revoked is not None
    assert api(key).get(reverse("api:me")).status_code == 401
    assert browser.get(reverse("cluster-list")).status_code == 302


def test_the_admin_lists_tokens_and_revokes_them_but_makes_none(world, superuser_client):
    key = api_key_for(world.guangdong, name="report script")
    token = ApiToken.objects.get(user=world.guangdong)
    listing = superuser_client.get(reverse("admin:tenancy_apitoken_changelist")).content.decode()
    assert "report script" in listing and key not in listing
    assert superuser_client.get(reverse("admin:tenancy_apitoken_add")).status_code == 403
    response = superuser_client.post(
        reverse("admin:tenancy_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    assert api(key).get(reverse("api:me")).status_code == 401
