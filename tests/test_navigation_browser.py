"""The navigation bar in headless Chromium, as the ministry (the longest menus): at 1366×768 it holds one line in
Chinese and in English with the language switch, notifications and sign-out on screen; on a phone (390 px) it
folds into the toggler, which opens the menus."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _bar(page):
    return page.evaluate(
        """() => {
            const bar = document.getElementById('main-navbar');
            const box = bar.getBoundingClientRect();
            const right = (id) => document.getElementById(id).getBoundingClientRect().right;
            return {
                scrollWidth: bar.scrollWidth, docWidth: document.documentElement.scrollWidth, height: box.height,
                viewport: window.innerWidth,
                tools: [right('language-select'), right('nav-notifications'), right('sign-out')],
            };
        }"""
    )


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_the_ministrys_bar_holds_one_line_at_1366(live_server, world, browser_context, sign_in, locale):
    page = browser_context(locale).new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("cluster-list"))
    expected_lang = "zh-hans" if locale == "zh-CN" else "en"
    assert page.locator("html").get_attribute("lang") == expected_lang
    bar = _bar(page)
    assert bar["scrollWidth"] <= bar["viewport"] == 1366, bar
    assert bar["docWidth"] <= 1366, bar
    assert bar["height"] < 70, bar
    assert all(right <= 1366 for right in bar["tools"]), bar
    expect(page.locator("#nav-toggler")).to_be_hidden()
    assert page.locator("#nav-menus > li").count() == 5  # five task menus; the brand leads to the dashboard

    page.click("#menu-clusters")
    expect(page.locator("#nav-monitoring-dashboard")).to_be_visible()
    page.click("#nav-monitoring-dashboard")
    page.wait_for_url(live_server.url + reverse("monitoring-dashboard"))
    expect(page.locator("#breadcrumbs")).to_be_visible()


def test_on_a_phone_the_toggler_opens_the_menus(live_server, world, browser_page, sign_in):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "t-ministry")
    expect(page.locator("#nav-toggler")).to_be_visible()
    expect(page.locator("#menu-competitions")).to_be_hidden()
    page.click("#nav-toggler")
    expect(page.locator("#menu-competitions")).to_be_visible()
    page.click("#menu-competitions")
    expect(page.locator("#nav-runs")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
