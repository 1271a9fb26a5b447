"""The navigation bar in headless Chromium, as every signed-in role of the demo's cast that has menus (the ministry,
a provincial government, a promotion body with one of the demo's longest names, an expert): at 1366×768 it holds
one line in Chinese and in English with the language switch, notifications and sign-out on screen; on a phone
(390 px) it folds into the toggler, which opens the menus."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from tenancy.demo import DEMO_PASSWORD, seed_organisations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The demo's accounts (tenancy/demo.py), one per kind of viewer, and a page each reads.
CAST = {
    "ministry": ("ministry", "cluster-list"),
    "local": ("jiangsu", "cluster-list"),
    "cluster_body": ("wenzhou-electrical", "cluster-list"),
    "expert": ("expert4", "my-assignments"),
}


@pytest.fixture
def demo_cast(db):
    """The demo's organisations, their accounts and its experts (seed_organisations: no clusters or members)."""
    with scopes_disabled():
        seed_organisations(log=lambda *args: None)


def _sign_in(page, base_url, username):
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(base_url + "/")


def _bar(page):
    return page.evaluate(
        """() => {
            const bar = document.getElementById('main-navbar');
            const box = bar.getBoundingClientRect();
            const tools = ['language-select', 'nav-notifications', 'current-user', 'sign-out']
                .map((id) => document.getElementById(id)).filter(Boolean);
            const items = [...document.querySelectorAll('#nav-menus > li')].map((li) => li.getBoundingClientRect());
            return {
                scrollWidth: bar.scrollWidth, docWidth: document.documentElement.scrollWidth, height: box.height,
                viewport: window.innerWidth,
                tools: tools.map((tool) => tool.getBoundingClientRect().right),
                toolIds: tools.map((tool) => tool.id),
                menuTops: [...new Set(items.map((item) => Math.round(item.top)))],
                menuHeights: items.map((item) => Math.round(item.height)),
            };
        }"""
    )


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
@pytest.mark.parametrize("role", list(CAST))
def test_the_bar_holds_one_line_at_1366(live_server, demo_cast, browser_context, role, locale):
    username, route = CAST[role]
    page = browser_context(locale).new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, live_server.url, username)
    page.goto(live_server.url + reverse(route))
    assert page.locator("html").get_attribute("lang") == ("zh-hans" if locale == "zh-CN" else "en")
    bar = _bar(page)
    assert bar["scrollWidth"] <= bar["viewport"] == 1366, bar  # no horizontal overflow
    assert bar["docWidth"] <= 1366, bar
    assert bar["height"] < 70, bar  # one line
    assert len(bar["menuTops"]) == 1 and max(bar["menuHeights"]) < 50, bar  # no menu wraps, none drops a line
    assert all(right <= 1366 for right in bar["tools"]), bar
    assert "sign-out" in bar["toolIds"] and "language-select" in bar["toolIds"]
    assert ("nav-notifications" in bar["toolIds"]) == (role != "expert")  # an expert belongs to no organisation
    expect(page.locator("#nav-toggler")).to_be_hidden()
    assert page.locator("#nav-menus > li").count() >= 2
    if role == "ministry":
        assert page.locator("#nav-menus > li").count() == 5  # five task menus; the brand leads to the dashboard
        page.click("#menu-clusters")
        expect(page.locator("#nav-monitoring-dashboard")).to_be_visible()
        page.click("#nav-monitoring-dashboard")
        page.wait_for_url(live_server.url + reverse("monitoring-dashboard"))
        expect(page.locator("#breadcrumbs")).to_be_visible()


@pytest.mark.parametrize("role", list(CAST))
def test_on_a_phone_the_toggler_opens_the_menus(live_server, demo_cast, browser_page, role):
    username, route = CAST[role]
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server.url, username)
    page.goto(live_server.url + reverse(route))
    first_menu = page.locator("#nav-menus > li").first.locator("a").first
    expect(page.locator("#nav-toggler")).to_be_visible()
    expect(first_menu).to_be_hidden()
    page.click("#nav-toggler")
    expect(first_menu).to_be_visible()
    expect(page.locator("#sign-out")).to_be_visible()
    if role == "ministry":
        page.click("#menu-competitions")
        expect(page.locator("#nav-runs")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
