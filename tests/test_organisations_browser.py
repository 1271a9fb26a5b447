"""The ministry adds a prefecture government and its first administrator through the pages; the administrator opens
the invitation link from the mail, sets a password and signs in (headless Chromium, as tests/test_browser.py)."""

import re

import pytest
from django.urls import reverse

from tenancy.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "suzhou-passphrase-42"


def test_the_ministry_onboards_a_prefecture_government_whose_administrator_signs_in(
    live_server, world, browser_page, browser_context, sign_in, mailoutbox
):
    page = browser_page
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("organisation-list"))
    page.click("#add-organisation")
    page.select_option("select[name=kind]", "local")
    page.fill("input[name=name]", "苏州市人民政府")
    page.fill("input[name=slug]", "suzhou-gov")
    page.fill("input[name=region]", "320500")
    page.fill("input[name=admin_username]", "suzhou-admin")
    page.fill("input[name=admin_full_name]", "王 芳")
    page.fill("input[name=admin_email]", "admin@suzhou.example.cn")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("organisation-list"))
    assert page.locator("#organisation-suzhou-gov").count() == 1
    assert Organisation.objects.get(slug="suzhou-gov").parent == world.orgs["jiangsu"]

    [mail] = mailoutbox
    assert mail.to == ["admin@suzhou.example.cn"]
    path = re.search(r"https?://[^/\s]+(\S*/invitations/[^/\s]+/)", mail.body).group(1)
    visitor = browser_context("zh-CN").new_page()
    visitor.goto(live_server.url + path)
    visitor.fill("input[name=password]", NEW_PASSWORD)
    visitor.fill("input[name=password_again]", NEW_PASSWORD)
    visitor.click("main form button[type=submit]")
    visitor.wait_for_url(re.compile(re.escape(live_server.url + reverse("login")) + r".*"))
    visitor.fill("input[name=username]", "suzhou-admin")
    visitor.fill("input[name=password]", NEW_PASSWORD)
    visitor.click("main form button[type=submit]")
    visitor.wait_for_url(live_server.url + "/")
    assert "苏州市人民政府" in visitor.content()
