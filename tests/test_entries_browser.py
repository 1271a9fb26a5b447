"""The entry form in headless Chromium: sections are saved as they are typed, and a second tab working from an
older revision is told to reload instead of overwriting the first tab's text."""

from pathlib import Path

import pytest
from django.urls import reverse

from evaluations.models import Submission

from .builders.competitions import entries
from .factories import PASSWORD
from .test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def serve_collected_static(route):
    """The test server looks static files up by their source names; the pages ask for the hashed names of the
    manifest storage, which collectstatic wrote to STATIC_ROOT: answer from there."""
    from urllib.parse import urlparse

    from django.conf import settings

    path = Path(settings.STATIC_ROOT) / urlparse(route.request.url).path.removeprefix(settings.STATIC_URL)
    if path.is_file():
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404)


def sign_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def test_autosave_and_a_stale_second_tab(live_server, world):
    from playwright.sync_api import sync_playwright

    submission = entries(world, "draft:nanjing")["draft:nanjing"]
    url = live_server.url + reverse("entry-edit", args=[submission.pk])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        context.route("**/static/**", serve_collected_static)
        first = context.new_page()
        sign_in(first, live_server, "t-nanjing")
        first.goto(url)
        second = context.new_page()
        second.goto(url)  # both tabs start from the same revision

        first.fill("#id_overview", "第一个标签页写的概况")
        first.wait_for_selector("#autosave-status:has-text('Saved at')")
        assert Submission.objects.get(pk=submission.pk).sections["overview"] == "第一个标签页写的概况"
        first.fill("#id_plan", "接着写发展目标")  # the first tab carries the new revision: saved again
        for _attempt in range(40):  # the debounced save lands within a few hundred milliseconds
            if Submission.objects.get(pk=submission.pk).sections["plan"] == "接着写发展目标":
                break
            first.wait_for_timeout(250)
        assert Submission.objects.get(pk=submission.pk).sections["plan"] == "接着写发展目标"

        second.fill("#id_overview", "第二个标签页的旧内容")
        second.wait_for_selector("#autosave-status:has-text('Reload the page')")
        browser.close()
    saved = Submission.objects.get(pk=submission.pk)
    assert saved.sections["overview"] == "第一个标签页写的概况"
