"""Collaborations between clusters (exchange/links): the confirmation workflow and each refusal of it, who sees
which collaboration, the national network's aggregation on hand-made data, and the lists' query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from exchange.links.models import ClusterLink
from exchange.links.network import cluster_network
from tenancy.models import Notification
from tenancy.scoping import viewer_scope
from tenancy.visibility import Viewer

from .builders.links import make_link, member_of, status_of
from .builders.members import english
from .cast import ROLES
from .matrix.links import sees

pytestmark = pytest.mark.django_db

Status = ClusterLink.Status


def api(client_for, user):
    return english(client_for(user))


def notifications(organisation, kind):
    return list(Notification._base_manager.filter(organisation=organisation, kind=kind))


def history(link):
    return list(ClusterLink.history.filter(id=link.pk).order_by("history_date", "history_id"))


def row_of(link):
    """Everything a refused step must leave as it was."""
    fields = ("status", "decided_by_id", "decided", "reason", "updated", "value", "kind")
    return ClusterLink._base_manager.filter(pk=link.pk).values(*fields).get()


def step_url(link, step):
    return reverse(f"api:cluster-link-{step}", args=[link.pk])


def propose_body(world, *, source=None, target=None, **extra):
    source = source or member_of(world, "shenzhen_cluster", name="深圳射频器件有限公司")
    target = target or member_of(world, "nanjing_cluster", name="南京电网装备有限公司")
    body = {
        "source": source.pk,
        "target_cluster": target.cluster_id,
        "target_credit_code": target.credit_code,
        "kind": "supply",
        "value": "1500",
        "year": 2023,
        "note": "射频模组供货",
    }
    body.update(extra)
    return body


# The workflow ----------------------------------------------------------------------------------------------------


def test_a_proposal_waits_for_the_other_body_which_confirms_it(world, client_for):
    shenzhen = api(client_for, world.shenzhen_body)
    response = shenzhen.post(reverse("api:cluster-link-list"), propose_body(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["source_cluster"]["id"] == world.shenzhen_cluster.pk
    assert body["target_cluster"]["id"] == world.nanjing_cluster.pk
    assert body["value"] == "1500.00"
    assert body["steps"] == ["withdraw"]
    link = ClusterLink._base_manager.get(pk=body["id"])
    assert link.proposed_by_organisation_id == world.orgs["shenzhen_body"].pk
    # The other body is told, and finds it in its work queue.
    assert len(notifications(world.orgs["nanjing_body"], "links.proposed")) == 1
    nanjing = api(client_for, world.nanjing_body)
    tasks = nanjing.get(reverse("api:me-tasks")).json()
    queue = next(q for q in tasks["queues"] if q["key"] == "collaborations-to-confirm")
    assert queue["count"] == 1
    assert queue["items"][0]["url"] == reverse("cluster-link-detail", args=[link.pk])
    assert nanjing.get(reverse("api:cluster-link-detail", args=[link.pk])).json()["steps"] == ["confirm", "refuse"]

    response = nanjing.post(step_url(link, "confirm"), {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert status_of(link) == Status.CONFIRMED
    assert len(notifications(world.orgs["shenzhen_body"], "links.confirmed")) == 1
    queues = nanjing.get(reverse("api:me-tasks")).json()["queues"]
    assert [q["count"] for q in queues if q["key"] == "collaborations-to-confirm"] in ([], [0])
    records = history(link)
    assert [(r.status, r.history_change_reason, r.history_user_id) for r in records] == [
        ("pending", "Proposed", world.shenzhen_body.pk),
        ("confirmed", "Confirmed", world.nanjing_body.pk),
    ]
    trail = nanjing.get(reverse("api:cluster-link-history", args=[link.pk])).json()
    assert [entry["reason"] for entry in trail] == ["Confirmed", "Proposed"]


def test_the_other_body_refuses_with_a_reason_and_the_proposer_is_told(world, client_for):
    link = make_link(world)
    nanjing = api(client_for, world.nanjing_body)
    response = nanjing.post(step_url(link, "refuse"), {"reason": "我方无此供货记录。"}, format="json")
    assert response.status_code == 200
    link.refresh_from_db()
    assert (link.status, link.reason, link.decided_by_id) == (
        Status.REFUSED,
        "我方无此供货记录。",
        world.nanjing_body.pk,
    )
    (note,) = notifications(world.orgs["shenzhen_body"], "links.refused")
    assert note.params["reason"] == "我方无此供货记录。"
    assert history(link)[-1].history_change_reason == "Refused"


def test_the_proposer_withdraws_a_pending_one_and_ends_a_confirmed_one(world, client_for):
    shenzhen = api(client_for, world.shenzhen_body)
    pending, confirmed = make_link(world), make_link(world, state="confirmed")
    for link in (pending, confirmed):
        response = shenzhen.post(step_url(link, "withdraw"), {"reason": "合作已结束"}, format="json")
        assert response.status_code == 200
        assert status_of(link) == Status.WITHDRAWN
        assert history(link)[-1].history_change_reason == "Withdrawn"
    assert len(notifications(world.orgs["nanjing_body"], "links.withdrawn")) == 2


def test_one_body_promoting_both_clusters_records_it_confirmed(world, client_for):
    shenzhen = api(client_for, world.shenzhen_body)
    other = member_of(world, "cross_cluster")
    response = shenzhen.post(reverse("api:cluster-link-list"), propose_body(world, target=other), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert notifications(world.orgs["shenzhen_body"], "links.proposed") == []


def test_the_other_member_may_be_named_by_its_exact_name(world, client_for):
    other = member_of(world, "nanjing_cluster", name="国电南瑞科技股份有限公司")
    body = propose_body(world, target=other, target_credit_code="", target_name="国电南瑞科技股份有限公司")
    response = api(client_for, world.shenzhen_body).post(reverse("api:cluster-link-list"), body, format="json")
    assert response.status_code == 201
    assert response.json()["target"]["id"] == other.pk


# Refusals: the status, and nothing changed -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, step, expected",
    [
        ("shenzhen_body", "confirm", 403),  # the proposer confirming its own
        ("shenzhen_body", "refuse", 403),
        ("nanjing_viewer", "confirm", 403),  # a viewer-role member of the other body
        ("nanjing_viewer", "refuse", 403),
        ("nanjing_body", "withdraw", 403),  # the other side cannot withdraw it
        ("ministry", "confirm", 403),
        ("jiangsu", "confirm", 403),
        ("expert", "confirm", 404),
        ("guangdong", "refuse", 403),
    ],
)
def test_who_may_not_take_a_step(world, client_for, who, step, expected):
    link = make_link(world)
    before = row_of(link)
    notes = Notification._base_manager.count()
    response = api(client_for, world.user(who)).post(step_url(link, step), {"reason": "不同意"}, format="json")
    assert response.status_code == expected
    assert row_of(link) == before
    assert Notification._base_manager.count() == notes


def test_a_third_body_does_not_see_it(world, client_for):
    link = make_link(world, source="nanjing_cluster", target="wuxi_cluster")
    before = row_of(link)
    client = api(client_for, world.shenzhen_body)
    for step in ("confirm", "refuse", "withdraw"):
        response = client.post(step_url(link, step), {"reason": "x"}, format="json")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert client.get(reverse("api:cluster-link-detail", args=[link.pk])).status_code == 404
    assert row_of(link) == before


@pytest.mark.parametrize(
    "state, step, who",
    [
        ("refused", "confirm", "nanjing_body"),
        ("withdrawn", "confirm", "nanjing_body"),
        ("confirmed", "confirm", "nanjing_body"),
        ("refused", "refuse", "nanjing_body"),
        ("confirmed", "refuse", "nanjing_body"),
        ("refused", "withdraw", "shenzhen_body"),
        ("withdrawn", "withdraw", "shenzhen_body"),
    ],
)
def test_a_step_the_state_does_not_allow_is_a_409(world, client_for, state, step, who):
    link = make_link(world, state=state)
    before = row_of(link)
    records = len(history(link))
    response = api(client_for, world.user(who)).post(step_url(link, step), {"reason": "再议"}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    assert row_of(link) == before
    assert len(history(link)) == records


def test_refusing_needs_a_reason(world, client_for):
    link = make_link(world)
    before = row_of(link)
    response = api(client_for, world.nanjing_body).post(step_url(link, "refuse"), {"reason": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["reason"] == ["Say why the collaboration is refused."]
    assert row_of(link) == before


def _refused_proposal(world, client_for, body, who="shenzhen_body"):
    count = ClusterLink._base_manager.count()
    notes = Notification._base_manager.count()
    response = api(client_for, world.user(who)).post(reverse("api:cluster-link-list"), body, format="json")
    assert ClusterLink._base_manager.count() == count
    assert Notification._base_manager.count() == notes
    return response


def test_an_edge_within_one_cluster_is_refused(world, client_for):
    own = member_of(world, "shenzhen_cluster")
    response = _refused_proposal(world, client_for, propose_body(world, target=own))
    assert response.status_code == 400
    (message,) = response.json()["error"]["fields"]["target_cluster"]
    assert "collaboration of the cluster's own network" in message


def test_a_duplicate_pending_edge_is_refused(world, client_for):
    link = make_link(world)
    body = propose_body(world, source=link.source, target=link.target)
    response = _refused_proposal(world, client_for, body)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate"
    # Another kind between the same members is another collaboration.
    other = api(client_for, world.shenzhen_body).post(
        reverse("api:cluster-link-list"), {**body, "kind": "rd"}, format="json"
    )
    assert other.status_code == 201


def test_an_unknown_member_reveals_nothing(world, client_for):
    member_of(world, "nanjing_cluster")
    body = propose_body(world, target_credit_code="91320100MA1XXXXX0Y")
    body["target_credit_code"] = member_of(world, "wuxi_cluster").credit_code  # a member, of another cluster
    response = _refused_proposal(world, client_for, body)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "target_credit_code": ["No member of that cluster has this credit code."]
    }
    response = _refused_proposal(world, client_for, {**body, "target_credit_code": "", "target_name": "不存在的公司"})
    assert response.json()["error"]["fields"] == {"target_name": ["No member of that cluster has this name."]}


def test_a_cluster_outside_the_register_and_ones_own_cannot_be_named(world, client_for):
    hidden = member_of(world, "provincial_cluster")  # provincial, not public
    response = _refused_proposal(world, client_for, propose_body(world, target=hidden))
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "target_cluster": ["Choose a cluster of the public register or one of your own."]
    }


def test_a_body_proposes_only_from_its_own_members(world, client_for):
    foreign = member_of(world, "wuxi_cluster")
    response = _refused_proposal(world, client_for, propose_body(world, source=foreign))
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["source"]
    viewer = _refused_proposal(world, client_for, propose_body(world), who="nanjing_viewer")
    assert viewer.status_code == 403


# Pages -----------------------------------------------------------------------------------------------------------


def test_the_pages_take_the_steps_with_confirmation(world, page_client_for):
    link = make_link(world)
    nanjing = page_client_for(world.nanjing_body)
    detail = nanjing.get(reverse("cluster-link-detail", args=[link.pk])).content.decode()
    assert 'id="step-confirm"' in detail and 'id="step-refuse"' in detail and 'id="step-withdraw"' not in detail
    url = reverse("cluster-link-step", args=[link.pk, "refuse"])
    assert nanjing.get(url).status_code == 200
    assert nanjing.post(url, {"reason": ""}).status_code == 400
    assert status_of(link) == Status.PENDING
    assert nanjing.post(url, {"reason": "数据有误"}).status_code == 302
    assert status_of(link) == Status.REFUSED
    # A refused one offers no step, and its confirmation page sends the user back with the reason.
    response = nanjing.get(reverse("cluster-link-step", args=[link.pk, "confirm"]))
    assert response.status_code == 302 and response["Location"] == reverse("cluster-link-detail", args=[link.pk])


def test_the_proposal_form_names_the_other_member_by_credit_code(world, page_client_for):
    source = member_of(world, "shenzhen_cluster")
    other = member_of(world, "nanjing_cluster")
    client = page_client_for(world.shenzhen_body)
    url = reverse("cluster-link-add") + f"?cluster={world.shenzhen_cluster.pk}"
    page = client.get(url).content.decode()
    assert world.nanjing_cluster.name in page  # of the public register
    assert world.provincial_cluster.name not in page
    data = {"source": f"{source.name} · {source.credit_code}", "target_cluster": other.cluster_id, "kind": "rd"}
    wrong = client.post(url, {**data, "target_credit_code": member_of(world, "wuxi_cluster").credit_code})
    assert wrong.status_code == 400
    assert ClusterLink._base_manager.count() == 0
    response = client.post(url, {**data, "target_credit_code": other.credit_code, "value": "300"})
    assert response.status_code == 302
    link = ClusterLink._base_manager.get()
    assert (link.source_id, link.target_id, link.value, link.status) == (source.pk, other.pk, Decimal("300"), "pending")


# Who sees which --------------------------------------------------------------------------------------------------

SPECS = {
    "sz-nj-pending": ("shenzhen_cluster", "nanjing_cluster", "pending"),
    "nj-wx-pending": ("nanjing_cluster", "wuxi_cluster", "pending"),
    "nj-sz-confirmed": ("nanjing_cluster", "shenzhen_cluster", "confirmed"),
    "sz-cross-confirmed": ("shenzhen_cluster", "cross_cluster", "confirmed"),
    "sz-nj-refused": ("shenzhen_cluster", "nanjing_cluster", "refused"),
    "nj-sz-withdrawn": ("nanjing_cluster", "shenzhen_cluster", "withdrawn"),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_exactly_the_collaborations_it_may_see(world, client_for, page_client_for, role):
    links = {
        name: make_link(world, source=source, target=target, state=state)
        for name, (source, target, state) in SPECS.items()
    }
    expected = {links[name].pk for name in SPECS if sees(role, name)}
    body = client_for(world.user(role)).get(reverse("api:cluster-link-list") + "?limit=100").json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)
    page = page_client_for(world.user(role)).get(reverse("cluster-link-list"))
    if role == "expert":
        assert page.status_code == 403
    else:
        shown = {link.pk for link in links.values() if f'id="link-{link.pk}"' in page.content.decode()}
        assert shown == expected


def test_the_list_filters_by_status_cluster_and_direction(world, client_for):
    out = make_link(world, source="shenzhen_cluster", target="nanjing_cluster", state="confirmed")
    into = make_link(world, source="nanjing_cluster", target="shenzhen_cluster")
    client = client_for(world.shenzhen_body)

    def ids(query):
        return {row["id"] for row in client.get(reverse("api:cluster-link-list") + query).json()["results"]}

    assert ids("") == {out.pk, into.pk}
    assert ids("?status=pending") == {into.pk}
    assert ids("?direction=from") == {out.pk}
    assert ids("?direction=to") == {into.pk}
    assert ids(f"?cluster={world.nanjing_cluster.pk}&direction=from") == {into.pk}
    assert ids(f"?q={out.target.credit_code}") == {out.pk}


# The network of clusters -----------------------------------------------------------------------------------------


def hand_made_network(world):
    """Nanjing–Shenzhen: three confirmed (1000 + 3000 万元 and one without a value); Shenzhen–cross: one (500);
    a pending, a refused and a withdrawn one that do not count."""
    make_link(world, source="nanjing_cluster", target="shenzhen_cluster", state="confirmed", value="1000")
    make_link(world, source="nanjing_cluster", target="shenzhen_cluster", state="confirmed", value="3000")
    make_link(world, source="shenzhen_cluster", target="nanjing_cluster", state="confirmed", value=None)
    make_link(world, source="shenzhen_cluster", target="cross_cluster", state="confirmed", value="500")
    make_link(world, source="nanjing_cluster", target="wuxi_cluster", state="pending", value="9000")
    make_link(world, source="shenzhen_cluster", target="wuxi_cluster", state="refused", value="9000")
    make_link(world, source="wuxi_cluster", target="nanjing_cluster", state="withdrawn", value="9000")


def test_the_national_network_aggregates_confirmed_collaborations_per_pair(world, client_for):
    hand_made_network(world)
    body = client_for(world.ministry).get(reverse("api:cluster-network-national")).json()
    nj, sz, cross = world.nanjing_cluster.pk, world.shenzhen_cluster.pk, world.cross_cluster.pk
    pairs = {(pair["a"], pair["b"]): pair for pair in body["pairs"]}
    assert pairs == {
        tuple(sorted((nj, sz))): {"a": min(nj, sz), "b": max(nj, sz), "count": 3, "value": 4000.0, "value_count": 2},
        tuple(sorted((sz, cross))): {
            "a": min(sz, cross),
            "b": max(sz, cross),
            "count": 1,
            "value": 500.0,
            "value_count": 1,
        },
    }
    figures = body["figures"]
    assert (figures["nodes"], figures["edges"], figures["collaborations"], figures["value"]) == (5, 2, 4, 4500.0)
    assert figures["density"] == pytest.approx(2 * 2 / (5 * 4))
    assert figures["components"] == 3  # Nanjing–Shenzhen–cross, Wuxi, the provincial cluster
    assert figures["largest_component"] == 3
    assert figures["articulation_points"] == [sz]
    clusters = {row["id"]: row for row in body["clusters"]}
    assert [body["clusters"][0]["id"]] == [sz]  # the most connected first
    assert {
        pk: (clusters[pk]["degree"], clusters[pk]["strength"], clusters[pk]["value_strength"]) for pk in clusters
    } == {
        nj: (1, 3, 4000.0),
        sz: (2, 4, 4500.0),
        cross: (1, 1, 500.0),
        world.wuxi_cluster.pk: (0, 0, 0.0),
        world.provincial_cluster.pk: (0, 0, 0.0),
    }
    # Betweenness: Shenzhen lies on the one path between Nanjing and cross, 1 of the 6 pairs of the others.
    assert clusters[sz]["betweenness"] == pytest.approx(1 / 6)
    assert clusters[nj]["betweenness"] == 0
    assert clusters[sz]["is_articulation_point"] is True
    assert clusters[sz]["pagerank"] > clusters[nj]["pagerank"] > clusters[cross]["pagerank"]


def test_a_government_sees_the_sub_network_of_its_clusters(world, client_for):
    hand_made_network(world)
    body = client_for(world.jiangsu).get(reverse("api:cluster-network-national")).json()
    # Jiangsu's clusters: Nanjing, Wuxi, cross (Suzhou), provincial. Shenzhen is not among them, so no pair holds.
    assert body["figures"]["nodes"] == 4
    assert body["pairs"] == []
    guangdong = client_for(world.guangdong).get(reverse("api:cluster-network-national")).json()
    assert [(pair["count"], pair["value"]) for pair in guangdong["pairs"]] == [(1, 500.0)]
    assert client_for(world.shenzhen_body).get(reverse("api:cluster-network-national")).status_code == 403


def test_the_network_drawing_and_search(world, page_client_for):
    hand_made_network(world)
    client = page_client_for(world.ministry)
    page = client.get(reverse("cluster-network-page")).content.decode()
    assert 'id="network-graph"' in page
    graph = client.get(reverse("cluster-network-graph")).json()
    assert {node["data"]["id"] for node in graph["nodes"]} == {
        f"c{world.nanjing_cluster.pk}",
        f"c{world.shenzhen_cluster.pk}",
        f"c{world.cross_cluster.pk}",
    }
    assert sorted(edge["data"]["weight"] for edge in graph["edges"]) == [1, 3]
    found = client.get(reverse("cluster-network-graph") + "?find=深圳信息").json()["matches"]
    assert [match["id"] for match in found] == [f"c{world.shenzhen_cluster.pk}"]


def test_the_network_computes_on_an_empty_scope(world):
    with viewer_scope(Viewer.for_user(world.ministry)):
        network = cluster_network()
    assert network.figures["edges"] == 0 and network.pairs == []


# Query counts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 6])
def test_the_lists_read_a_fixed_number_of_queries(world, client_for, page_client_for, rows, django_assert_num_queries):
    for _ in range(rows):
        make_link(world)
    api_client = client_for(world.nanjing_body)
    page_client = page_client_for(world.nanjing_body)
    api_client.get(reverse("api:cluster-link-list"))  # warm the token and the caches
    page_client.get(reverse("cluster-link-list"))
    with django_assert_num_queries(API_QUERIES):
        assert api_client.get(reverse("api:cluster-link-list")).json()["count"] == rows
    with django_assert_num_queries(PAGE_QUERIES):
        assert page_client.get(reverse("cluster-link-list")).status_code == 200


# The API: session/token, viewer, count, page; the page: the same and the shell's (menus, badges, clusters filter).
API_QUERIES = 5
PAGE_QUERIES = 11
