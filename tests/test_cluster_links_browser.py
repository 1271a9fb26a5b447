"""Headless Chromium on the collaborations between clusters: at 390 px the list is cards, the other body confirms a
proposal through its confirmation page, and the ministry's network of clusters draws the clusters with a partner,
finds one by name, and no script fails."""

import pytest
from django.urls import reverse

from exchange.links.models import ClusterLink

from .builders.links import make_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def watch(page):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_other_body_confirms_on_a_phone_and_the_ministry_sees_the_network(
    live_server, world, browser_context, sign_in
):
    pending = make_link(world, source="shenzhen_cluster", target="nanjing_cluster")
    make_link(world, source="shenzhen_cluster", target="cross_cluster", value="500")  # one body: confirmed

    page = browser_context("en-GB").new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    problems = watch(page)
    sign_in(page, "t-nanjing")
    page.goto(live_server.url + reverse("cluster-link-list"))
    table = page.locator("#link-table")
    assert "table-cards" in (table.get_attribute("class") or "")
    assert page.locator(f"#link-{pending.pk} td").first.get_attribute("data-label") == "From"
    page.click(f"#link-{pending.pk} a")
    page.click("#step-confirm")
    page.click("#confirm-step")
    page.wait_for_url(live_server.url + reverse("cluster-link-detail", args=[pending.pk]))
    assert "The collaboration is confirmed." in page.content()
    assert ClusterLink._base_manager.get(pk=pending.pk).status == "confirmed"
    assert problems == []

    page = browser_context("en-GB").new_page()
    problems = watch(page)
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("cluster-network-page"))
    page.wait_for_selector("#network-graph[data-state=ready]", timeout=30000)
    drawn = page.evaluate("() => document.getElementById('network-graph').cy.nodes().map((n) => n.id()).sort()")
    expected = sorted(
        f"c{world.clusters[name].pk}" for name in ("shenzhen_cluster", "nanjing_cluster", "cross_cluster")
    )
    assert drawn == expected
    page.fill("#graph-search-text", "深圳信息")
    page.click("#graph-search button")
    page.wait_for_function("() => document.getElementById('network-graph').cy.$('node.highlighted').length === 1")
    assert "highlighted" in page.locator("#graph-search-result").inner_text()
    assert problems == []
