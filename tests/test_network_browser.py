"""Headless Chromium on the network page of a cluster of a few hundred members (issue 15, point 4): the drawing
opens on the community view, its nodes are visible and spread over the canvas, the member view is one click
away, the colour and size controls change the nodes, search centres a member and highlights it with its
neighbours, and no script fails."""

import pytest
from django.urls import reverse

from clusters.members.services import last_completed_year
from clusters.models import Member, MemberYear
from clusters.network import services
from clusters.network.drawing import LARGE_NETWORK

from .builders.network import build_network, chain_link, random_edges

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBERS = 320

# What the test reads from the page's Cytoscape instance: how many nodes lie inside the canvas, and how far apart.
DRAWN = """() => {
  const box = document.getElementById("network-graph");
  const cy = box.cy, width = box.clientWidth, height = box.clientHeight;
  let inside = 0, left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  cy.nodes().forEach((node) => {
    const b = node.renderedBoundingBox();
    if (b.x2 > 0 && b.x1 < width && b.y2 > 0 && b.y1 < height && b.w > 2) inside += 1;
    const p = node.renderedPosition();
    left = Math.min(left, p.x); right = Math.max(right, p.x); top = Math.min(top, p.y); bottom = Math.max(bottom, p.y);
  });
  const positions = new Set(cy.nodes().map((n) => Math.round(n.position("x")) + ":" + Math.round(n.position("y"))));
  return {nodes: cy.nodes().length, edges: cy.edges().length, inside, spreadX: right - left, spreadY: bottom - top,
          distinct: positions.size, width, height, view: box.dataset.view};
}"""

STYLES = """() => {
  const cy = document.getElementById("network-graph").cy;
  return cy.nodes().map((n) => [n.id(), n.style("background-color"), n.width()]);
}"""

HIGHLIGHTED = "(count) => document.getElementById('network-graph').cy.$('node.highlighted').length === count"


def large_cluster(world):
    """MEMBERS members in four chain links and three kinds, with a heavy-tailed collaboration network."""
    cluster = world.nanjing_cluster
    members = build_network(cluster, MEMBERS, random_edges(MEMBERS, 3 * MEMBERS, seed=5))
    for position, name in enumerate(("原材料", "零部件", "整机", "服务"), start=1):
        chain_link(cluster, name, position).members.set(members[position - 1 :: 5])  # every fifth has none
    Member.objects.filter(pk__in=[m.pk for m in members[::7]]).update(kind=Member.Kind.UNIVERSITY)
    Member.objects.filter(pk__in=[m.pk for m in members[3::11]]).update(kind=Member.Kind.RESEARCH_INSTITUTE)
    figures = MemberYear.objects.filter(member__cluster=cluster, year=last_completed_year())  # the year analysed
    figures.update(revenue=None)
    for index, member in enumerate(members[:40]):
        figures.filter(member=member).update(revenue=1000 * (index + 1))
    analysis = services.network_analysis_request(cluster=cluster, by=world.nanjing_body)  # eager: runs at commit
    analysis.refresh_from_db()
    assert analysis.status == "succeeded", analysis.error
    return cluster, analysis


def wait_ready(page):
    page.wait_for_selector("#network-graph[data-state=ready]", timeout=30000)


def switch_view(page, view_id):
    """Choose a view and wait until its drawing, not the one before, is laid out."""
    page.evaluate("() => { document.getElementById('network-graph').cy.scratch('replaced', true); }")
    page.click(f"label[for={view_id.removeprefix('#')}]")
    page.wait_for_function(
        "() => { const box = document.getElementById('network-graph');"
        " return box.dataset.state === 'ready' && !box.cy.scratch('replaced'); }",
        timeout=30000,
    )


def test_a_few_hundred_members_are_drawn_readably_and_the_controls_change_the_drawing(
    live_server, world, browser_context, sign_in
):
    assert MEMBERS > LARGE_NETWORK
    cluster, analysis = large_cluster(world)
    page = browser_context("en-GB").new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, "t-nanjing")
    page.goto(live_server.url + reverse("cluster-network", args=[cluster.pk]))
    wait_ready(page)

    # A large network opens on its communities: one node per community, spread over the canvas.
    assert page.locator("#view-community").is_checked()
    drawn = page.evaluate(DRAWN)
    assert 3 <= drawn["nodes"] <= 100 and drawn["edges"] > 0
    assert drawn["inside"] == drawn["nodes"] and drawn["distinct"] == drawn["nodes"]
    assert drawn["spreadX"] > drawn["width"] / 3 or drawn["spreadY"] > drawn["height"] / 3
    assert "Colour: community" in page.locator("#graph-legend").inner_text()

    # The member view: every member, most of them inside the canvas, not piled on one point.
    switch_view(page, "#view-members")
    drawn = page.evaluate(DRAWN)
    assert drawn["nodes"] == MEMBERS
    assert drawn["inside"] > 0.9 * MEMBERS
    assert drawn["distinct"] > 0.9 * MEMBERS
    assert drawn["spreadX"] > drawn["width"] / 2 and drawn["spreadY"] > drawn["height"] / 3

    # Colour: by chain link the colours change, and the legend names the chain links.
    before = {node: (colour, width) for node, colour, width in page.evaluate(STYLES)}
    page.select_option("#graph-colour", "chain_link")
    after = {node: (colour, width) for node, colour, width in page.evaluate(STYLES)}
    changed = sum(before[node][0] != after[node][0] for node in before)
    assert changed > MEMBERS / 4
    assert len({colour for colour, _width in after.values()}) == 5  # four links and "no chain link" (grey)
    legend = page.locator("#graph-legend").inner_text()
    assert "整机" in legend and "no chain link" in legend
    page.select_option("#graph-colour", "member_kind")
    kinds = {colour for _node, colour, _width in page.evaluate(STYLES)}
    assert len(kinds) == 3 and "Research institute" in page.locator("#graph-legend").inner_text()

    # Size: by revenue only the 40 members with a revenue stand out; by degree the hubs do.
    page.select_option("#graph-size", "revenue")
    by_revenue = {node: width for node, _colour, width in page.evaluate(STYLES)}
    assert len({round(width, 1) for width in by_revenue.values()}) > 20
    smallest = min(by_revenue.values())
    assert sum(width > smallest for width in by_revenue.values()) == 40
    page.select_option("#graph-size", "degree")
    by_degree = {node: width for node, _colour, width in page.evaluate(STYLES)}
    assert sum(by_degree[node] != by_revenue[node] for node in by_degree) > MEMBERS / 2

    # Search: the member is centred and highlighted with exactly its neighbours.
    hub = Member.objects.filter(cluster=cluster).order_by("-figures__degree", "pk").first()
    page.fill("#graph-search-text", hub.name)
    page.click("#graph-search button[type=submit]")
    page.wait_for_function(HIGHLIGHTED, arg=1)
    found = page.evaluate(
        """() => {
          const box = document.getElementById("network-graph"), cy = box.cy, node = cy.$("node.highlighted");
          const b = node.renderedBoundingBox({includeLabels: false});
          return {id: node.id(), neighbours: cy.$("node.neighbour").map((n) => n.id()).sort(),
                  expected: node.neighborhood("node").map((n) => n.id()).sort(),
                  faded: cy.$("node.faded").length, box: b, width: box.clientWidth, height: box.clientHeight};
        }"""
    )
    assert found["id"] == f"m{hub.pk}"
    assert found["neighbours"] == found["expected"] and len(found["neighbours"]) >= 3
    assert found["faded"] == MEMBERS - 1 - len(found["neighbours"])
    centre, drawn_at = (found["width"] / 2, found["height"] / 2), found["box"]  # the member is at the centre
    assert (
        drawn_at["x1"] - 10 < centre[0] < drawn_at["x2"] + 10 and drawn_at["y1"] - 10 < centre[1] < drawn_at["y2"] + 10
    )
    assert hub.name in page.locator("#graph-search-result").inner_text()

    # Zoom controls zoom.
    zoom = page.evaluate("() => document.getElementById('network-graph').cy.zoom()")
    page.click("#zoom-in")
    assert page.evaluate("() => document.getElementById('network-graph').cy.zoom()") == pytest.approx(zoom * 1.3)
    page.click("#zoom-fit")
    assert page.evaluate(DRAWN)["inside"] > 0.9 * MEMBERS

    # In the community view, search finds the member's community and highlights it with its neighbours.
    switch_view(page, "#view-community")
    page.click("#graph-search button[type=submit]")
    page.wait_for_function(HIGHLIGHTED, arg=1)
    community = hub.figures.get(analysis=analysis).community
    highlighted = page.evaluate("() => document.getElementById('network-graph').cy.$('node.highlighted').id()")
    assert highlighted in (f"g{community}", "g-1")
    page.fill("#graph-search-text", "没有这个成员")
    page.click("#graph-search button[type=submit]")
    page.wait_for_function(HIGHLIGHTED, arg=0)
    assert "没有这个成员" in page.locator("#graph-search-result").inner_text()
    assert problems == []
