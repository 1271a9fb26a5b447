"""Headless Chromium (Debian's) through Playwright, clicking the real pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_sign_in_and_switch_language(live_server, world, browser_page):
    page = browser_page
    page.goto(live_server.url + reverse("dashboard"))  # a visitor gets the public home page
    page.click("#home-sign-in")
    assert page.url.startswith(live_server.url + reverse("login"))
    assert page.locator("h1").inner_text() == "登录"

    page.fill("input[name=username]", "t-jiangsu")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("#stat-clusters").inner_text() == "4"  # Jiangsu's jurisdiction: four of the five clusters
    assert "辖区内集群" in page.content()

    page.select_option("#language-select", "en")
    page.wait_for_load_state("load")
    page.wait_for_selector("h2:has-text('Clusters in my jurisdiction')")  # the dashboard's table
    assert page.locator("html").get_attribute("lang") == "en"

    page.click("#menu-clusters")
    page.click("#nav-clusters")
    page.wait_for_url(live_server.url + reverse("cluster-list"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 4
    assert world.shenzhen_cluster.name not in page.content()

    page.goto(live_server.url + reverse("cluster-detail", args=[world.shenzhen_cluster.pk]))
    assert "404" in page.content()


def test_cluster_body_edits_its_profile_and_adds_a_milestone(live_server, world, browser_page, sign_in):
    page = browser_page
    sign_in(page, "t-nanjing")
    page.goto(live_server.url + reverse("cluster-detail", args=[world.nanjing_cluster.pk]))
    page.click("#edit-profile")
    page.fill("textarea[name=summary]", "汇聚600余家规上工业企业。")
    page.select_option("select[name=stage]", "network")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("cluster-detail", args=[world.nanjing_cluster.pk]))
    assert "汇聚600余家规上工业企业。" in page.content()
    assert page.locator(".stage-path .text-bg-primary").inner_text() == "网"

    page.click(f"a[href='{reverse('milestone-add', args=[world.nanjing_cluster.pk])}']")
    page.fill("input[name=year]", "1800")
    page.select_option("select[name=kind]", "policy")
    page.fill("input[name=title]", "江苏省先进制造业集群培育指导意见")
    page.click("main form button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_have_count(1)  # the year is out of range; nothing saved
    page.fill("input[name=year]", "2018")
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("cluster-detail", args=[world.nanjing_cluster.pk]))
    assert page.locator("#timeline").inner_text().count("江苏省先进制造业集群培育指导意见") == 1

    page.goto(live_server.url + reverse("cluster-history", args=[world.nanjing_cluster.pk]))
    assert "t-nanjing" in page.content()
