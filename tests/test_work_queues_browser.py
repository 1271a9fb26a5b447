"""The "Work to do" panel in headless Chromium: an expert clicks a review to write and lands on its form; the
panel fits a 390 px phone and a 1366 px screen."""

import pytest
from django.urls import reverse

from .builders.work import expert_rows, ministry_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page):
    """The panel's right edge is within the window (no horizontal overflow of its own)."""
    return page.evaluate(
        "() => { const box = document.querySelector('#work-to-do').getBoundingClientRect();"
        " return box.right <= window.innerWidth + 0.5 && box.left >= -0.5; }"
    )


def test_expert_follows_a_review_to_write_from_the_dashboard(live_server, world, browser_context, sign_in):
    made = expert_rows(world, 2)
    page = browser_context("zh-CN").new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "t-expert")
    queue = page.locator("#work-reviews-to-write")
    assert queue.locator(".work-count").inner_text() == "2"
    assert queue.locator(".work-item").count() == 2
    assert _fits(page)
    queue.locator(".work-item").first.click()
    page.wait_for_url(live_server.url + reverse("review-form", args=[made["open"][0].pk]))
    page.go_back()
    page.locator("#work-reviews-to-write .work-full-list").click()
    page.wait_for_url(live_server.url + reverse("my-assignments") + "?show=open")
    assert page.locator("#assignments tbody tr").count() == 2


def test_ministry_panel_fits_a_wide_screen_in_english(live_server, world, browser_context, sign_in):
    ministry_rows(world, 1)
    page = browser_context("en-US").new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, "t-ministry")
    assert page.locator("#work-to-do h2").inner_text().startswith("Work to do")
    assert page.locator("#work-to-do .work-queue").count() == 7
    assert _fits(page)
