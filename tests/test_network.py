"""Network analysis (issue 3, point 6): figures against values worked out by hand, reproducibility, the
approximate path, the job's status flow, the graph drawn for the browser, the API and the page."""

import networkit as nk
import numpy as np
import pytest
from django.urls import reverse

from clusters.models import Collaboration, Member, MemberFigure, NetworkAnalysis
from clusters.network import services
from clusters.network.analysis import NetworkInputs, aggregate, analyse
from clusters.network.drawing import GRAPH_MAX_GROUPS, GRAPH_MAX_NODES
from clusters.tasks import network_analysis_task

from .builders.network import build_network, chain_link, finished_analysis, random_edges
from .conftest import count_queries

# Pure computation on hand-checked graphs --------------------------------------------------------------------------


def compute(n, edges, **parameters):
    ids = np.arange(1, n + 1, dtype=np.int64) * 10
    pairs = np.array(edges, dtype=np.int64).reshape(-1, 2)
    inputs = NetworkInputs(member_ids=ids, sources=ids[pairs[:, 0]], targets=ids[pairs[:, 1]])
    return analyse(inputs, parameters)


PATH = [(0, 1), (1, 2), (2, 3)]  # a - b - c - d
STAR = [(0, 1), (0, 2), (0, 3), (0, 4)]  # centre 0, four leaves
BRIDGED_TRIANGLES = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]  # 2 - 3 is the bridge


def test_path_figures_match_hand_values():
    result = compute(4, PATH)
    assert result.figures["nodes"] == 4 and result.figures["edges"] == 3
    assert result.figures["density"] == pytest.approx(3 / 6)
    assert result.figures["components"] == 1 and result.figures["largest_component"] == 4
    assert result.figures["clustering"] == 0.0
    # b lies on the shortest paths a–c and a–d: 2 of the 3 pairs of other members.
    assert result.betweenness.tolist() == pytest.approx([0, 2 / 3, 2 / 3, 0])
    assert result.degree.tolist() == [1, 2, 2, 1]
    assert result.is_articulation_point.tolist() == [False, True, True, False]
    assert result.figures["articulation_points"] == [20, 30]
    assert result.figures["betweenness_approximate"] is False


def test_star_centre_carries_every_path_and_is_the_single_point_of_failure():
    result = compute(5, STAR)
    assert result.figures["density"] == pytest.approx(4 / 10)
    assert result.betweenness.tolist() == pytest.approx([1, 0, 0, 0, 0])
    assert result.figures["articulation_points"] == [10]
    assert result.figures["clustering"] == 0.0
    assert result.pagerank.sum() == pytest.approx(1.0)
    assert result.pagerank[0] > result.pagerank[1] == pytest.approx(result.pagerank[4])


def test_two_triangles_joined_by_a_bridge():
    result = compute(6, BRIDGED_TRIANGLES)
    figures = result.figures
    assert figures["density"] == pytest.approx(7 / 15)
    # Four corners have coefficient 1; the bridge ends have one link among their three neighbour pairs.
    assert figures["clustering"] == pytest.approx((4 + 2 / 3) / 6)
    # The bridge ends carry the 3 × 3 pairs across minus the pair through the other end: 6 of 10 pairs.
    assert result.betweenness.tolist() == pytest.approx([0, 0, 0.6, 0.6, 0, 0])
    assert figures["articulation_points"] == [30, 40]
    assert figures["communities"] == 2 and result.community.tolist() == [0, 0, 0, 1, 1, 1]
    # Modularity: 2 × (3/7 − (7/14)²).
    assert figures["modularity"] == pytest.approx(2 * (3 / 7 - 0.25))


def test_parallel_collaborations_collapse_into_one_edge_and_isolated_members_are_components():
    result = compute(5, [(0, 1), (1, 0), (0, 1), (2, 3)])
    assert result.figures["edges"] == 2
    assert result.figures["components"] == 3  # {0,1}, {2,3}, {4}
    assert result.figures["largest_component"] == 2
    assert result.degree.tolist() == [1, 1, 1, 1, 0]


def test_aggregate_merges_the_smallest_groups_beyond_the_limit():
    groups = np.array([0, 0, 0, 1, 1, 2, 3])
    labels, sizes, edges = aggregate(groups, np.array([0, 3, 5, 6]), np.array([3, 5, 6, 0]), max_groups=3)
    assert labels.tolist() == [-1, 0, 1] and sizes.tolist() == [2, 3, 2]
    assert sorted(edges) == [(-1, 0, 1), (-1, 1, 1), (0, 1, 1)]  # 5–6 falls inside "other"


# Through the database: coverage, local supporting rate, storage --------------------------------------------------


def run_analysis(cluster, by=None, parameters=None, *, capture):
    with capture(execute=True):
        analysis = services.network_analysis_request(cluster=cluster, by=by, parameters=parameters)
    analysis.refresh_from_db()
    return analysis


def test_analysis_stores_the_runs_figures_and_every_members_figures(world, django_capture_on_commit_callbacks):
    members = build_network(world.nanjing_cluster, 6, BRIDGED_TRIANGLES)
    build_network(world.shenzhen_cluster, 3, [(0, 1)])  # another cluster's network is not read
    analysis = run_analysis(world.nanjing_cluster, world.nanjing_body, capture=django_capture_on_commit_callbacks)
    assert analysis.status == NetworkAnalysis.Status.SUCCEEDED and analysis.progress == 100
    assert (analysis.nodes, analysis.edges, analysis.components) == (6, 7, 1)
    assert analysis.articulation_points == [members[2].pk, members[3].pk]
    assert len(analysis.digest) == 64
    figures = {f.member_id: f for f in MemberFigure.objects.filter(analysis=analysis)}
    assert len(figures) == 6
    assert figures[members[2].pk].betweenness == pytest.approx(0.6)
    assert figures[members[2].pk].degree == 3 and figures[members[2].pk].is_articulation_point
    assert figures[members[0].pk].betweenness == 0 and not figures[members[0].pk].is_articulation_point
    assert analysis.parameters["betweenness_method"] == "exact"


def test_chain_link_coverage_flags_empty_and_thin_links(world, django_capture_on_commit_callbacks):
    cluster = world.nanjing_cluster
    members = build_network(cluster, 5, PATH)
    wide, narrow, empty = (
        chain_link(cluster, "变压器", 1),
        chain_link(cluster, "开关", 2),
        chain_link(cluster, "电缆", 3),
    )
    wide.members.set(members[:4])
    narrow.members.set(members[3:5])
    analysis = run_analysis(cluster, capture=django_capture_on_commit_callbacks)
    coverage = {row["name"]: (row["members"], row["flag"]) for row in analysis.chain_link_coverage}
    assert coverage == {"变压器": (4, ""), "开关": (2, "thin"), "电缆": (0, "empty")}
    assert [row["id"] for row in analysis.chain_link_coverage] == [wide.pk, narrow.pk, empty.pk]


def test_local_supporting_rate_by_value_counts_local_suppliers_into_leading_enterprises(
    world, django_capture_on_commit_callbacks
):
    # 0 is a leading enterprise; 1 and 2 are local suppliers, 3 a supplier from outside the cluster's regions.
    cluster = world.nanjing_cluster
    members = build_network(
        cluster, 5, [(1, 0), (2, 0), (3, 0)], leading={0}, non_local={3}, kind="supply", values=[60, 20, 20]
    )
    # Supply into a member that is not leading, and R&D into the leader, do not count.
    Collaboration.objects.create(cluster=cluster, source=members[3], target=members[4], kind="supply", value=500)
    Collaboration.objects.create(cluster=cluster, source=members[3], target=members[0], kind="rd", value=500)
    analysis = run_analysis(cluster, capture=django_capture_on_commit_callbacks)
    assert analysis.local_supporting_rate == pytest.approx(0.8)
    assert analysis.parameters["local_supporting_basis"] == "value"
    assert analysis.parameters["supply_into_leading"] == 3


def test_local_supporting_rate_falls_back_to_counts_when_a_value_is_missing(world, django_capture_on_commit_callbacks):
    build_network(
        world.nanjing_cluster,
        4,
        [(1, 0), (2, 0), (3, 0)],
        leading={0},
        non_local={3},
        kind="supply",
        values=[60, None, 20],
    )
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    assert analysis.local_supporting_rate == pytest.approx(2 / 3)
    assert analysis.parameters["local_supporting_basis"] == "count"
    assert analysis.parameters["supply_without_value"] == 1


def test_no_supply_into_leading_enterprises_gives_no_rate(world, django_capture_on_commit_callbacks):
    build_network(world.nanjing_cluster, 3, PATH[:2])
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    assert analysis.local_supporting_rate is None and analysis.parameters["local_supporting_basis"] is None


def test_rerun_on_the_same_inputs_gives_the_same_digest_and_communities(world, django_capture_on_commit_callbacks):
    build_network(world.nanjing_cluster, 400, random_edges(400, 1200))
    first = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    second = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    assert first.pk != second.pk and first.digest == second.digest
    assert first.communities == second.communities and first.modularity == second.modularity

    def figures(analysis):
        return list(
            MemberFigure.objects.filter(analysis=analysis)
            .order_by("member_id")
            .values_list("member_id", "community", "betweenness", "pagerank", "degree")
        )

    assert figures(first) == figures(second)
    members = list(Member.objects.filter(cluster=world.nanjing_cluster).order_by("pk")[:2])
    Collaboration.objects.create(cluster=world.nanjing_cluster, source=members[0], target=members[1], kind="rd")
    changed = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    assert changed.digest != first.digest or changed.edges == first.edges  # the pair may already collaborate


def test_large_network_flags_approximate_betweenness_within_its_error_bound(world, django_capture_on_commit_callbacks):
    n = GRAPH_MAX_NODES + 500
    edges = random_edges(n, 4 * n)
    members = build_network(world.nanjing_cluster, n, edges)
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    assert analysis.nodes == n and analysis.betweenness_approximate is True
    assert analysis.parameters["betweenness_method"] == "kadabra"
    epsilon = analysis.betweenness_error_bound
    assert epsilon == pytest.approx(0.01 * n / (n - 2))
    graph = nk.Graph(n)
    for i, j in {(min(i, j), max(i, j)) for i, j in edges}:
        graph.addEdge(i, j)
    exact = np.array(nk.centrality.Betweenness(graph, normalized=True).run().scores())
    index = {member.pk: i for i, member in enumerate(members)}
    stored = dict(MemberFigure.objects.filter(analysis=analysis).values_list("member_id", "betweenness"))
    approx = np.array([stored[pk] for pk in sorted(stored, key=index.get)])
    assert np.abs(approx - exact).max() <= epsilon


# The job: status flow, idempotence, failures ----------------------------------------------------------------------


def test_request_records_a_queued_run_and_queues_it_after_commit(world, django_capture_on_commit_callbacks):
    build_network(world.nanjing_cluster, 3, PATH[:2])
    with django_capture_on_commit_callbacks() as callbacks:
        analysis = services.network_analysis_request(cluster=world.nanjing_cluster, by=world.nanjing_body)
        again = services.network_analysis_request(cluster=world.nanjing_cluster, by=world.nanjing_body)
    assert analysis.status == NetworkAnalysis.Status.QUEUED and analysis.progress == 0
    assert again.pk == analysis.pk, "a queued run is not requested twice"
    assert len(callbacks) == 1
    assert analysis.parameters["seed"] == 42 and analysis.created_by == world.nanjing_body
    callbacks[0]()
    analysis.refresh_from_db()
    assert analysis.status == NetworkAnalysis.Status.SUCCEEDED
    assert analysis.started <= analysis.finished and analysis.message


def test_rerunning_a_finished_analysis_changes_nothing(world, django_capture_on_commit_callbacks):
    build_network(world.nanjing_cluster, 4, PATH)
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    before = (analysis.finished, list(MemberFigure.objects.filter(analysis=analysis).values_list("pk", flat=True)))
    network_analysis_task.delay(analysis.pk)
    analysis.refresh_from_db()
    after = (analysis.finished, list(MemberFigure.objects.filter(analysis=analysis).values_list("pk", flat=True)))
    assert before == after


def test_rerun_after_a_crash_replaces_the_partial_figures(world):
    members = build_network(world.nanjing_cluster, 4, PATH)
    analysis = NetworkAnalysis.objects.create(
        cluster=world.nanjing_cluster, status=NetworkAnalysis.Status.RUNNING, progress=92
    )
    MemberFigure.objects.create(analysis=analysis, member=members[0], degree=99, betweenness=9, pagerank=9, community=9)
    network_analysis_task.delay(analysis.pk)
    analysis.refresh_from_db()
    assert analysis.status == NetworkAnalysis.Status.SUCCEEDED
    figures = dict(MemberFigure.objects.filter(analysis=analysis).values_list("member_id", "degree"))
    assert figures == {members[0].pk: 1, members[1].pk: 2, members[2].pk: 2, members[3].pk: 1}


def test_a_cluster_without_members_fails_with_a_message(world, django_capture_on_commit_callbacks):
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    assert analysis.status == NetworkAnalysis.Status.FAILED
    assert analysis.message and not analysis.error
    assert not MemberFigure.objects.filter(analysis=analysis).exists()


def test_a_bug_errors_the_run_with_its_traceback(world, django_capture_on_commit_callbacks):
    build_network(world.nanjing_cluster, 3, PATH[:2])
    analysis = run_analysis(
        world.nanjing_cluster,
        parameters={"pagerank_damping": "not a number"},
        capture=django_capture_on_commit_callbacks,
    )
    assert analysis.status == NetworkAnalysis.Status.ERRORED
    assert "Traceback" in analysis.error
    assert not MemberFigure.objects.filter(analysis=analysis).exists()


# The drawing --------------------------------------------------------------------------------------------------


def test_small_network_graph_json_holds_every_member_and_edge(
    world, page_client_for, django_capture_on_commit_callbacks
):
    members = build_network(world.nanjing_cluster, 6, BRIDGED_TRIANGLES + [(2, 3)])
    link = chain_link(world.nanjing_cluster, "变压器", 1)
    link.members.set(members[:2])
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    url = reverse("network-analysis-graph", args=[world.nanjing_cluster.pk, analysis.pk])
    body = page_client_for(world.nanjing_body).get(url).json()
    assert body["aggregated"] is False
    assert len(body["nodes"]) == 6 and len(body["edges"]) == 7
    bridge = next(
        e["data"]
        for e in body["edges"]
        if {e["data"]["source"], e["data"]["target"]} == {f"m{members[2].pk}", f"m{members[3].pk}"}
    )
    assert bridge["weight"] == 2
    by_id = {node["data"]["id"]: node["data"] for node in body["nodes"]}
    assert by_id[f"m{members[0].pk}"]["chain_link"] == link.pk and by_id[f"m{members[5].pk}"]["chain_link"] is None
    assert by_id[f"m{members[2].pk}"]["betweenness"] == pytest.approx(0.6)


def test_large_network_is_drawn_aggregated_within_the_limit(world, page_client_for, django_capture_on_commit_callbacks):
    n = GRAPH_MAX_NODES + 500
    edges = random_edges(n, 3 * n, seed=11)
    members = build_network(world.nanjing_cluster, n, edges)
    chain_link(world.nanjing_cluster, "变压器", 1).members.set(members[:100])
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    url = reverse("network-analysis-graph", args=[world.nanjing_cluster.pk, analysis.pk])
    client = page_client_for(world.nanjing_body)
    body = client.get(url).json()
    assert body["aggregated"] is True and body["group"] == "community"
    assert len(body["nodes"]) <= min(GRAPH_MAX_NODES, GRAPH_MAX_GROUPS)
    assert sum(node["data"]["members"] for node in body["nodes"]) == n
    inside = {(min(i, j), max(i, j)) for i, j in edges}
    assert sum(edge["data"]["weight"] for edge in body["edges"]) <= len(edges) and len(inside) > 0
    by_link = client.get(url + "?group=chain_link").json()
    assert {node["data"]["kind"]: node["data"]["members"] for node in by_link["nodes"]} == {
        "chain_link": 100,
        "none": n - 100,
    }
    page = client.get(reverse("cluster-network", args=[world.nanjing_cluster.pk])).content.decode()
    assert 'id="aggregated-note"' in page and "±" in page


# Page and API -------------------------------------------------------------------------------------------------


def test_network_page_shows_figures_tables_and_the_run_button_to_the_promoting_body(
    world, page_client_for, django_capture_on_commit_callbacks
):
    cluster = world.nanjing_cluster
    members = build_network(cluster, 6, BRIDGED_TRIANGLES)
    chain_link(cluster, "电缆", 1)
    run_analysis(cluster, world.nanjing_body, capture=django_capture_on_commit_callbacks)
    page = page_client_for(world.nanjing_body).get(reverse("cluster-network", args=[cluster.pk])).content.decode()
    assert 'id="run-analysis"' in page and 'id="network-graph"' in page
    assert members[2].name in page and 'id="chain-link-coverage"' in page
    assert 'id="aggregated-note"' not in page
    viewer_page = page_client_for(world.nanjing_viewer).get(reverse("cluster-network", args=[cluster.pk]))
    assert 'id="run-analysis"' not in viewer_page.content.decode()
    jiangsu_page = page_client_for(world.jiangsu).get(reverse("cluster-network", args=[cluster.pk]))
    assert jiangsu_page.status_code == 200 and 'id="run-analysis"' not in jiangsu_page.content.decode()


def test_run_button_queues_a_run_and_the_progress_include_polls_until_it_finishes(world, page_client_for):
    cluster = world.nanjing_cluster
    client = page_client_for(world.nanjing_body)
    response = client.post(reverse("cluster-network-run", args=[cluster.pk]))
    assert response.status_code == 302
    analysis = NetworkAnalysis.objects.get(cluster=cluster)
    assert analysis.status == NetworkAnalysis.Status.QUEUED  # the test transaction never commits
    progress_url = reverse("network-analysis-progress", args=[cluster.pk, analysis.pk])
    polled = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in polled.content.decode() and "HX-Refresh" not in polled
    analysis.succeed("6 members, 7 links analysed.")
    finished = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    # The run ends with its message and a link to its figures, not a reload that says nothing.
    assert "hx-trigger" not in finished and 'data-status="succeeded"' in finished
    assert "6 members, 7 links analysed." in finished
    assert f'href="{reverse("cluster-network", args=[cluster.pk])}?analysis={analysis.pk}"' in finished


def test_api_queues_a_run_with_202_and_refuses_those_who_may_not_run(world, client_for):
    url = reverse("api:network-analysis-list")
    response = client_for(world.ministry).post(url, {"cluster": world.nanjing_cluster.pk}, format="json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert client_for(world.jiangsu).post(url, {"cluster": world.nanjing_cluster.pk}).status_code == 403
    assert client_for(world.nanjing_viewer).post(url, {"cluster": world.nanjing_cluster.pk}).status_code == 403
    hidden = client_for(world.nanjing_body).post(url, {"cluster": world.shenzhen_cluster.pk}, format="json")
    assert hidden.status_code == 400 and "cluster" in hidden.json()["error"]["fields"]
    assert NetworkAnalysis.objects.count() == 1


def test_api_lists_by_cluster_and_pages_member_figures(world, client_for, django_capture_on_commit_callbacks):
    members = build_network(world.nanjing_cluster, 6, BRIDGED_TRIANGLES)
    analysis = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    finished_analysis(world.shenzhen_cluster)
    client = client_for(world.jiangsu)
    listed = client.get(reverse("api:network-analysis-list"), {"cluster": world.nanjing_cluster.pk}).json()
    assert [row["id"] for row in listed["results"]] == [analysis.pk]
    detail = client.get(reverse("api:network-analysis-detail", args=[analysis.pk])).json()
    assert detail["nodes"] == 6 and detail["articulation_points"] == [members[2].pk, members[3].pk]
    assert detail["betweenness_approximate"] is False and "error" not in detail
    url = reverse("api:network-analysis-members", args=[analysis.pk])
    page = client.get(url, {"limit": 2}).json()
    assert page["count"] == 6
    assert [row["member"] for row in page["results"]] == [members[2].pk, members[3].pk]
    assert page["results"][0]["betweenness"] == pytest.approx(0.6) and page["results"][0]["is_articulation_point"]
    by_degree = client.get(url, {"ordering": "member"}).json()["results"]
    assert [row["member"] for row in by_degree] == [m.pk for m in members]
    assert client.get(url, {"ordering": "nonsense"}).status_code == 400
    hidden = client_for(world.shenzhen_body).get(url)
    assert hidden.status_code == 404


def grow_analyses(world, n):
    for _ in range(n):
        finished_analysis(world.nanjing_cluster, by=world.nanjing_body)


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_network_analysis_list_query_count_does_not_grow_with_rows(world, client_for, role):
    client = client_for(world.user(role))
    url = reverse("api:network-analysis-list")
    grow_analyses(world, 1)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    grow_analyses(world, 30)
    many = count_queries(lambda: client.get(url))
    assert few == many


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_network_page_query_count_does_not_grow_with_runs(world, page_client_for, role):
    client = page_client_for(world.user(role))
    url = reverse("cluster-network", args=[world.nanjing_cluster.pk])
    grow_analyses(world, 1)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    grow_analyses(world, 30)
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_member_figures_query_count_does_not_grow_with_rows(world, client_for, django_capture_on_commit_callbacks):
    build_network(world.nanjing_cluster, 5, PATH)
    small = run_analysis(world.nanjing_cluster, capture=django_capture_on_commit_callbacks)
    build_network(world.wuxi_cluster, 60, random_edges(60, 120))
    large = run_analysis(world.wuxi_cluster, capture=django_capture_on_commit_callbacks)
    client = client_for(world.ministry)
    client.get(reverse("api:network-analysis-members", args=[small.pk]))
    few = count_queries(lambda: client.get(reverse("api:network-analysis-members", args=[small.pk])))
    many = count_queries(lambda: client.get(reverse("api:network-analysis-members", args=[large.pk])))
    assert few == many
