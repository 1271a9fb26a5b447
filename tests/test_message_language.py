"""Messages that come from Django and DRF rather than from the product are in the reader's language too (issue 17,
item 1): the password rules on every page that sets a password, and the API's messages about a body it cannot
read. Django 5.2's zh_Hans catalogue lacks the minimum-length rule's current wording; the product's has it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import get_default_password_validators
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from tenancy.invitations import services as invitation_services

from .factories import PASSWORD

# A password that breaks exactly one rule each, for the user t-jiangsu and for li-na.
BREAKS = {
    "short": "x7q#",
    "common": "password1",
    "numeric": "9081726354",
    "similar": "{username}-42",
}
MESSAGES = {
    "en": {
        "short": "This password is too short. It must contain at least 8 characters.",
        "common": "This password is too common.",
        "numeric": "This password is entirely numeric.",
        "similar": "The password is too similar to the username.",
    },
    "zh-hans": {
        "short": "密码长度太短。密码必须包含至少 8 个字符。",
        "common": "这个密码太常见了。",
        "numeric": "密码只包含数字。",
        "similar": "密码跟 用户名 太相似了。",
    },
}
ACCEPT = {"en": "en", "zh-hans": "zh-CN,zh;q=0.9"}


def refusals(post, field, username):
    """The message each rule's password gets from the page, as the page shows it."""
    shown = {}
    for rule, password in BREAKS.items():
        response = post(password.format(username=username))
        assert response.status_code == 200, rule
        [message] = response.context["form"].errors[field]
        assert message in response.content.decode(), rule
        shown[rule] = message
    return shown


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_password_rule_speaks_the_readers_language(language):
    user = get_user_model()(username="t-jiangsu", email="t-jiangsu@example.cn")
    with translation.override(language):
        for rule, password in BREAKS.items():
            with pytest.raises(ValidationError) as refused:
                for validator in get_default_password_validators():
                    validator.validate(password.format(username=user.username), user)
            assert refused.value.messages == [MESSAGES[language][rule]], rule
    assert len(get_default_password_validators()) == len(BREAKS)  # a rule added to the settings needs a case here


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_password_change_page(world, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    client.force_login(world.jiangsu)

    def post(password):
        data = {"old_password": PASSWORD, "new_password1": password, "new_password2": password}
        return client.post(reverse("password-change"), data)

    assert refusals(post, "new_password2", world.jiangsu.username) == MESSAGES[language]
    assert get_user_model().objects.get(pk=world.jiangsu.pk).check_password(PASSWORD)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_password_reset_page(world, language):
    Client().post(reverse("password-reset"), {"email": world.jiangsu.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", mail.outbox[-1].body).group(1)
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    def post(password):
        return client.post(form_url, {"new_password1": password, "new_password2": password})

    assert refusals(post, "new_password2", world.jiangsu.username) == MESSAGES[language]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_invitation_page(world, mailoutbox, django_capture_on_commit_callbacks, language):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.membership_invite(
            organisation=world.orgs["nanjing_body"],
            username="li-na",
            email="li.na@example.cn",
            role="editor",
            invited_by=world.nanjing_body,
            language=language,
        )
    key = re.search(r"https?://\S+/invitations/([^/\s]+)/", mailoutbox[-1].body).group(1)
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])

    def post(password):
        return client.post(reverse("invitation-accept", args=[key]), {"password": password, "password_again": password})

    assert refusals(post, "password", "li-na") == MESSAGES[language]


@pytest.mark.parametrize(
    ("body", "en", "zh"),
    [
        (b"null", "No data was sent.", "未提交任何数据。"),
        (b'{"username": ', "The body is not valid JSON.", "请求内容不是有效的 JSON。"),
        (b"[" * 100, "The JSON body nests deeper than 32 levels.", "JSON 内容嵌套超过 32 层。"),
    ],
)
def test_a_body_the_api_cannot_read_is_answered_in_the_readers_language(db, body, en, zh):
    for accept, message in (("en", en), ("zh-CN,zh;q=0.9", zh), ("", zh)):  # Chinese is the default
        headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
        response = APIClient().generic(
            "POST", reverse("api:auth-token"), body, content_type="application/json", **headers
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert message in (error["message"], *error.get("fields", {}).get("non_field_errors", [])), error
