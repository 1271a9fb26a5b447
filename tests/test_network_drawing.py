"""The network drawing's data (issue 15, point 4): which view a network opens on, what each node carries for the
size and colour controls, aggregated nodes that add up to their members, a payload bounded whatever the
cluster's size, and search that finds a member in any view, within what the viewer may see."""

import pytest
from django.urls import reverse

from clusters.members.services import last_completed_year
from clusters.models import Member, MemberFigure, MemberYear
from clusters.network import drawing, services

from .builders.network import build_network, chain_link, random_edges

TWO_TRIANGLES = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]


def analysed(cluster, capture):
    with capture(execute=True):
        analysis = services.network_analysis_request(cluster=cluster, by=None)
    analysis.refresh_from_db()
    assert analysis.status == "succeeded", analysis.error
    return analysis


def graph(client, analysis, **query):
    url = reverse("network-analysis-graph", args=[analysis.cluster_id, analysis.pk])
    return client.get(url, query).json()


def test_a_small_network_opens_on_its_members_with_what_the_controls_read(
    world, page_client_for, django_capture_on_commit_callbacks
):
    cluster = world.nanjing_cluster
    members = build_network(cluster, 6, TWO_TRIANGLES)
    upstream, downstream = chain_link(cluster, "芯片", 1), chain_link(cluster, "整机", 2)
    upstream.members.set(members[:3])
    downstream.members.set(members[2:5])  # member 2 is in both: its first link is the upstream one
    Member.objects.filter(pk=members[4].pk).update(kind=Member.Kind.UNIVERSITY)
    MemberYear.objects.filter(member=members[0], year=last_completed_year()).update(revenue=250)
    MemberYear.objects.exclude(member=members[0]).filter(member__cluster=cluster).update(revenue=None)
    analysis = analysed(cluster, django_capture_on_commit_callbacks)
    body = graph(page_client_for(world.nanjing_body), analysis)
    assert (body["view"], body["views"], body["aggregated"]) == (
        "members",
        ["members", "community", "chain_link"],
        False,
    )
    nodes = {node["data"]["id"]: node["data"] for node in body["nodes"]}
    assert nodes[f"m{members[2].pk}"]["chain_link"] == upstream.pk and nodes[f"m{members[2].pk}"]["degree"] == 3
    assert nodes[f"m{members[4].pk}"]["chain_link"] == downstream.pk
    assert nodes[f"m{members[5].pk}"]["chain_link"] is None
    assert nodes[f"m{members[4].pk}"]["member_kind"] == "university"
    assert nodes[f"m{members[0].pk}"]["revenue"] == 250 and nodes[f"m{members[1].pk}"]["revenue"] is None
    assert {kind["value"] for kind in body["legend"]["member_kinds"]} == {"enterprise", "university"}
    assert [(link["name"], link["members"]) for link in body["legend"]["chain_links"]] == [("芯片", 3), ("整机", 2)]
    assert sum(community["members"] for community in body["legend"]["communities"]) == 6
    assert body["edges_total"] == len(body["edges"]) == 7


def test_a_network_of_a_few_hundred_opens_on_communities_that_add_up_to_its_members(
    world, page_client_for, django_capture_on_commit_callbacks
):
    cluster = world.nanjing_cluster
    n = drawing.LARGE_NETWORK + 50
    edges = random_edges(n, 3 * n, seed=3)
    members = build_network(cluster, n, edges)
    link = chain_link(cluster, "整机", 1)
    link.members.set(members[:60])
    MemberYear.objects.filter(member__cluster=cluster).update(revenue=10)
    analysis = analysed(cluster, django_capture_on_commit_callbacks)
    client = page_client_for(world.nanjing_body)
    body = graph(client, analysis)
    assert (body["view"], body["aggregated"]) == ("community", True)
    nodes = [node["data"] for node in body["nodes"]]
    assert sum(node["members"] for node in nodes) == n
    assert sum(node["revenue"] for node in nodes) == pytest.approx(10 * n)
    total_pagerank = sum(MemberFigure.objects.filter(analysis=analysis).values_list("pagerank", flat=True))
    assert sum(node["pagerank"] for node in nodes) == pytest.approx(total_pagerank)
    assert all(node["community"] == node["group"] for node in nodes)
    # An aggregated node's degree is the collaborations between its community and the others.
    weights = {}
    for edge in body["edges"]:
        for end in (edge["data"]["source"], edge["data"]["target"]):
            weights[end] = weights.get(end, 0) + edge["data"]["weight"]
    assert all(node["degree"] == weights.get(node["id"], 0) for node in nodes)
    by_link = graph(client, analysis, view="chain_link")
    assert {node["data"]["kind"]: node["data"]["members"] for node in by_link["nodes"]} == {
        "chain_link": 60,
        "none": n - 60,
    }
    members_view = graph(client, analysis, view="members")
    assert len(members_view["nodes"]) == n and members_view["view"] == "members"
    page = client.get(reverse("cluster-network", args=[cluster.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-view="community"' in page and 'id="aggregated-note"' in page
    assert 'id="view-members" value="members">' in page  # offered, not checked
    for script in ("layout-base/layout-base", "cose-base/cose-base", "cytoscape-fcose/cytoscape-fcose"):
        assert f"vendor/{script}" in page
    assert 'id="graph-labels"' in page and "<script>" not in page  # words for the script, no inline script


def test_the_payload_stays_bounded_above_the_limits(
    world, page_client_for, django_capture_on_commit_callbacks, monkeypatch
):
    """The limits scaled down (the same code that keeps a 50,000-member cluster's drawing small)."""
    cluster = world.nanjing_cluster
    n = 120
    build_network(cluster, n, random_edges(n, 6 * n, seed=9))
    analysis = analysed(cluster, django_capture_on_commit_callbacks)
    client = page_client_for(world.nanjing_body)
    monkeypatch.setattr(drawing, "GRAPH_MAX_EDGES", 50)
    members_view = graph(client, analysis, view="members")
    assert len(members_view["edges"]) == 50 < members_view["edges_total"]
    weights = sorted((edge["data"]["weight"] for edge in members_view["edges"]), reverse=True)
    assert weights[0] >= 2  # the heaviest edges are the ones kept
    monkeypatch.setattr(drawing, "GRAPH_MAX_NODES", 100)
    monkeypatch.setattr(drawing, "GRAPH_MAX_GROUPS", 5)
    refused = graph(client, analysis, view="members")  # too many members to send: the community view instead
    assert (refused["view"], refused["views"]) == ("community", ["community", "chain_link"])
    assert len(refused["nodes"]) <= 5 and sum(node["data"]["members"] for node in refused["nodes"]) == n
    assert len(refused["edges"]) <= 5 * 4 / 2
    page = client.get(reverse("cluster-network", args=[cluster.pk])).content.decode()
    assert 'id="view-members" value="members" disabled' in page


def test_search_finds_a_member_by_either_name_within_the_analysis_only(
    world, page_client_for, client_for, django_capture_on_commit_callbacks
):
    cluster = world.nanjing_cluster
    members = build_network(cluster, 6, TWO_TRIANGLES)
    Member.objects.filter(pk=members[3].pk).update(name="南京变压器厂", name_en="Nanjing Transformer Works")
    link = chain_link(cluster, "变压器", 1)
    link.members.set([members[3]])
    build_network(world.shenzhen_cluster, 2, [(0, 1)])
    Member.objects.filter(cluster=world.shenzhen_cluster).update(name="深圳变压器厂")
    analysis = analysed(cluster, django_capture_on_commit_callbacks)
    client = page_client_for(world.nanjing_body)
    for text in ("变压器", "transformer"):
        matches = graph(client, analysis, find=text)["matches"]
        assert [(match["id"], match["chain_link"]) for match in matches] == [(f"m{members[3].pk}", link.pk)]
    figures = members[3].figures.get(analysis=analysis)
    assert graph(client, analysis, find="变压器")["matches"][0]["community"] == figures.community
    assert graph(client, analysis, find="  ")["matches"] == []
    url = reverse("network-analysis-graph", args=[cluster.pk, analysis.pk])
    assert page_client_for(world.shenzhen_body).get(url, {"find": "变压器"}).status_code == 404
