"""The entry form in headless Chromium: sections are saved as they are typed, and a second tab working from an
older revision is told to reload instead of overwriting the first tab's text."""

import pytest
from django.urls import reverse

from evaluations.models import Submission

from .builders.competitions import entries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_autosave_and_a_stale_second_tab(live_server, world, browser_context, sign_in):
    submission = entries(world, "draft:nanjing")["draft:nanjing"]
    url = live_server.url + reverse("entry-edit", args=[submission.pk])
    context = browser_context("en-GB")
    first = context.new_page()
    sign_in(first, "t-nanjing")
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
    saved = Submission.objects.get(pk=submission.pk)
    assert saved.sections["overview"] == "第一个标签页写的概况"
