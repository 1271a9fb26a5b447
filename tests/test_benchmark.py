"""The national benchmark (issue 18, item 8): percentile ranks worked out by hand (ties, direction, rounding, missing
values), which values count, cohorts of four that show nothing and cohorts of five that show a rank and no other
cluster's value or name, the cluster and list pages, the API, the export, who sees what, and query counts."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.benchmark.ranks import MIN_COHORT, percentile_rank
from clusters.benchmark.selectors import benchmark_years
from clusters.models import Cluster, Milestone
from tenancy.scoping import system_scope

from .builders.exports import exported
from .conftest import count_queries
from .factories import ClusterFactory, MilestoneFactory, ObservationFactory, OrganisationFactory, indicator

YEAR = 2024


# The arithmetic, by hand ------------------------------------------------------------------------------------------


def test_distinct_values_rank_by_the_share_of_the_others_below():
    values = [10, 20, 30, 40, 50]
    # P = 100 × (worse + ½ × tied) / (N − 1): 30 beats 10 and 20 of the four others.
    assert percentile_rank(30, values).percentile == 50
    assert percentile_rank(50, values).percentile == 100
    assert percentile_rank(10, values).percentile == 0
    assert percentile_rank(20, values).percentile == 25
    assert percentile_rank(40, values).percentile == 75
    assert percentile_rank(30, values).cohort_size == 5


def test_ties_count_half():
    values = [10, 20, 20, 20, 50]
    # 20: one worse (10), two others tied → (1 + 1) / 4.
    assert percentile_rank(20, values).percentile == 50
    assert percentile_rank(7, [7] * 6).percentile == 50  # all equal: the middle
    # 10, 10 and three above: (0 + ½) / 4 = 12.5 % → 13 (half up).
    assert percentile_rank(10, [10, 10, 30, 40, 50]).percentile == 13


def test_lower_is_better_counts_the_other_way():
    values = [1, 2, 3, 4, 5]
    assert percentile_rank(2, values, higher_is_better=False).percentile == 75
    assert percentile_rank(5, values, higher_is_better=False).percentile == 0


def test_rounding_is_of_the_exact_share():
    # Six others: 1/6 = 16.67 % → 17; 5/6 = 83.33 % → 83.
    values = [1, 2, 3, 4, 5, 6, 7]
    assert percentile_rank(2, values).percentile == 17
    assert percentile_rank(6, values).percentile == 83


def test_values_compare_exactly_never_rounded_first():
    values = [Decimal("1.00005"), Decimal("1.0001"), Decimal("1.00015"), Decimal("2"), Decimal("3")]
    assert percentile_rank(Decimal("1.0001"), values).percentile == 25


def test_a_cohort_of_four_has_no_rank_and_one_of_five_has():
    assert MIN_COHORT == 5
    assert percentile_rank(3, [1, 2, 3, 4]) is None
    assert percentile_rank(3, [3]) is None
    assert percentile_rank(3, [1, 2, 3, 4, 5]).cohort_size == 5


def test_bands_are_the_quarters_of_the_percentile_shown():
    values = [10, 20, 30, 40, 50]
    bands = [percentile_rank(v, values).band for v in values]  # P0, P25, P50, P75, P100
    assert bands == [1, 2, 3, 4, 4]
    assert [own for _band, _label, own in percentile_rank(30, values).quarters] == [False, False, True, False]


# A cohort of hand-made clusters --------------------------------------------------------------------------------------

# The other clusters' names and values, chosen so that no other text on a page can hold them.
PEER_VALUES = ["7345.6789", "8456.7891", "9567.8912", "6234.5678", "5123.4567", "4012.3456"]


def peer_name(n):
    return f"对标同伴集群{n}号", f"Benchmark Peer Cluster {n}"


def make_peers(count, *, code="revenue", year=YEAR, tier=Cluster.Tier.NATIONAL, status="verified"):
    """`count` clusters of other promotion bodies, each with a value of `code` (PEER_VALUES, in order)."""
    peers = []
    for n in range(count):
        name, name_en = peer_name(n)
        cluster = ClusterFactory(
            name=name, name_en=name_en, tier=tier, promotion_body=OrganisationFactory(region_id="330100")
        )
        ObservationFactory(
            cluster=cluster, indicator=indicator(code), year=year, value=Decimal(PEER_VALUES[n]), status=status
        )
        peers.append(cluster)
    return peers


def observe(cluster, value, *, code="revenue", year=YEAR, status="verified"):
    return ObservationFactory(
        cluster=cluster, indicator=indicator(code), year=year, value=Decimal(value), status=status
    )


def standing(data, key, part="indicators"):
    return next(item for item in data[part] if item["key"] == key)


def benchmark_api(client, cluster, **query):
    return client.get(reverse("api:cluster-benchmark", args=[cluster.pk]), query)


def assert_reveals_no_peer(text, peers):
    for n, cluster in enumerate(peers):
        value = Decimal(PEER_VALUES[n])
        for shown in (PEER_VALUES[n], f"{value:.2f}", f"{value:.1f}", f"{float(value)}"):
            assert shown not in text, shown
        assert cluster.name not in text and cluster.name_en not in text


def numbers_in(data):
    if isinstance(data, dict):
        return [n for value in data.values() for n in numbers_in(value)]
    if isinstance(data, list):
        return [n for value in data for n in numbers_in(value)]
    return [data] if isinstance(data, int | float) and not isinstance(data, bool) else []


def test_a_cohort_of_five_shows_the_rank_and_no_other_cluster_value_or_name(world, client_for, page_client_for):
    peers = make_peers(4)  # 7345.6789, 8456.7891, 9567.8912, 6234.5678
    observe(world.nanjing_cluster, "7000")  # above one of the four others (6234.5678)
    response = benchmark_api(client_for(world.nanjing_body), world.nanjing_cluster)
    assert response.status_code == 200
    revenue = standing(response.json(), "revenue")
    assert revenue["shown"] is True and revenue["percentile"] == 25 and revenue["cohort_size"] == 5
    assert revenue["band"] == 2 and revenue["value"] == 7000 and revenue["reason"] == ""
    text = response.content.decode()
    assert_reveals_no_peer(text, peers)
    assert not {float(v) for v in PEER_VALUES} & {float(n) for n in numbers_in(response.json())}
    assert set(response.json()) == {"cluster", "cluster_name", "year", "cohort", "min_cohort", "indicators", "axes"}
    assert set(revenue) == {
        *("kind", "key", "label", "unit", "higher_is_better", "value", "shown", "percentile", "cohort_size"),
        *("band", "band_label", "reason", "reason_text"),
    }

    page = page_client_for(world.nanjing_body).get(reverse("cluster-benchmark", args=[world.nanjing_cluster.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-key="revenue"' in html and 'data-percentile="25" data-cohort="5"' in html
    assert_reveals_no_peer(html, peers)


def test_a_cohort_of_four_shows_nothing_and_the_api_says_why(world, client_for, page_client_for):
    peers = make_peers(3)
    observe(world.nanjing_cluster, "7000")
    data = benchmark_api(client_for(world.nanjing_body), world.nanjing_cluster).json()
    revenue = standing(data, "revenue")
    assert revenue["shown"] is False and revenue["reason"] == "cohort_too_small" and revenue["reason_text"]
    assert revenue["percentile"] is None and revenue["cohort_size"] is None and revenue["band"] is None
    page = page_client_for(world.nanjing_body).get(reverse("cluster-benchmark", args=[world.nanjing_cluster.pk]))
    html = page.content.decode()
    row = html[html.index('data-key="revenue"') : html.index("</tr>", html.index('data-key="revenue"'))]
    assert 'data-reason="cohort_too_small"' in row and "data-percentile" not in row and "P" not in row.split(">", 1)[1]
    assert_reveals_no_peer(html, peers)


def test_only_verified_values_of_the_year_count(world, client_for):
    make_peers(4)
    observe(world.nanjing_cluster, "9000")
    observe(world.wuxi_cluster, "1", status="submitted")  # not verified: not in the cohort
    observe(world.shenzhen_cluster, "1", status="draft")
    observe(world.cross_cluster, "1", year=YEAR - 1)  # another year
    revenue = standing(benchmark_api(client_for(world.ministry), world.nanjing_cluster).json(), "revenue")
    assert revenue["cohort_size"] == 5 and revenue["percentile"] == 75  # above three of the four peers
    # The unverified values have no rank of their own, and say so.
    assert standing(benchmark_api(client_for(world.ministry), world.wuxi_cluster).json(), "revenue")["reason"] == (
        "no_value"
    )


def test_a_cluster_without_a_value_has_no_rank_and_says_why(world, client_for):
    make_peers(6)
    revenue = standing(benchmark_api(client_for(world.ministry), world.nanjing_cluster).json(), "revenue")
    assert revenue == {**revenue, "value": None, "shown": False, "percentile": None, "reason": "no_value"}


def test_an_indicator_where_lower_is_better_ranks_the_lowest_highest(world, client_for):
    make_peers(4, code="energy_per_output")
    observe(world.nanjing_cluster, "1000", code="energy_per_output")  # the lowest energy use per output
    energy = standing(benchmark_api(client_for(world.ministry), world.nanjing_cluster).json(), "energy_per_output")
    assert energy["higher_is_better"] is False and energy["percentile"] == 100 and energy["band"] == 4


def test_a_narrowed_cohort_below_five_shows_nothing_while_the_national_one_does(world, client_for):
    make_peers(5)  # national-level
    observe(world.provincial_cluster, "8000")  # the only provincial-level cluster with a value
    client = client_for(world.nanjing_body)
    national = standing(benchmark_api(client, world.provincial_cluster).json(), "revenue")
    assert national["cohort_size"] == 6 and national["percentile"] == 60  # above 7345, 6234, 5123 of five
    tier = standing(benchmark_api(client, world.provincial_cluster, cohort="tier").json(), "revenue")
    assert tier["shown"] is False and tier["reason"] == "cohort_too_small"
    field = standing(benchmark_api(client, world.provincial_cluster, cohort="field").json(), "revenue")
    assert field["cohort_size"] == 6  # every cluster of the factory is high-end equipment


def test_axes_rank_the_diagnostic_scores(world, client_for):
    # Resource endowment reads trigger events (0–3 → 0–100); nothing else of the axis has data here.
    clusters = [world.nanjing_cluster, *(ClusterFactory() for _ in range(4))]
    for cluster, events in zip(clusters, [2, 0, 1, 3, 3], strict=True):
        for n in range(events):
            MilestoneFactory(cluster=cluster, kind=Milestone.Kind.TRIGGER_EVENT, year=2000 + n)
        if not events:
            MilestoneFactory(cluster=cluster, kind=Milestone.Kind.POLICY, year=2001)
    data = benchmark_api(client_for(world.nanjing_body), world.nanjing_cluster).json()
    axis = standing(data, "resource_endowment", "axes")
    assert axis["value"] == 66.7 and axis["cohort_size"] == 5 and axis["percentile"] == 50  # beats 0 and 33.3
    assert 33.3 not in numbers_in(data) and 100 not in axis.values()  # the others' scores
    # An axis no cluster has data on says so.
    assert standing(data, "technology_diffusion", "axes")["reason"] == "no_value"


def test_the_default_year_is_the_latest_with_a_cohort_of_five(world):
    make_peers(4, year=2023)
    observe(world.nanjing_cluster, "1", year=2023)
    observe(world.wuxi_cluster, "1", year=2024)  # a later year, but a cohort of one
    with system_scope():
        assert benchmark_years() == ([2024, 2023], 2023)


def test_the_year_and_the_cohort_are_checked(world, client_for, page_client_for):
    make_peers(5)
    client = client_for(world.nanjing_body)
    refused = benchmark_api(client, world.nanjing_cluster, year="1999", cohort="province")
    assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) == {"year", "cohort"}
    assert benchmark_api(client, world.nanjing_cluster, year=str(YEAR), cohort="tier").json()["year"] == YEAR
    page = page_client_for(world.nanjing_body).get(reverse("benchmark-list"), {"indicator": "nonsense"})
    assert page.status_code == 400
    listed = client.get(reverse("api:benchmark-list"), {"indicator": "nonsense"})
    assert listed.status_code == 400 and "indicator" in listed.json()["error"]["fields"]


# The list of one's clusters, its API and export -----------------------------------------------------------------------


def listed(data):
    return {row["cluster_name"]: row for row in data["results"]}


def test_the_list_holds_each_role_s_own_clusters_with_their_standings(world, client_for, page_client_for):
    peers = make_peers(4)
    observe(world.nanjing_cluster, "7000")
    response = client_for(world.nanjing_body).get(reverse("api:benchmark-list"), {"indicator": "revenue"})
    assert response.status_code == 200
    data = response.json()
    assert set(listed(data)) == {world.nanjing_cluster.name, world.provincial_cluster.name}
    assert data["count"] == 2 and data["year"] == YEAR and data["cohort"] == "national"
    assert data["indicator"] == "revenue"
    row = listed(data)[world.nanjing_cluster.name]
    assert row["indicator"]["percentile"] == 25 and row["indicator"]["cohort_size"] == 5 and len(row["axes"]) == 6
    assert listed(data)[world.provincial_cluster.name]["indicator"]["reason"] == "no_value"
    assert_reveals_no_peer(response.content.decode(), peers)

    jiangsu = listed(client_for(world.jiangsu).get(reverse("api:benchmark-list")).json())
    assert set(jiangsu) == {c.name for c in (world.nanjing_cluster, world.wuxi_cluster, world.cross_cluster)} | {
        world.provincial_cluster.name
    }
    everyone = client_for(world.ministry).get(reverse("api:benchmark-list"), {"limit": 100}).json()
    assert everyone["count"] == 5 + len(peers)

    page = page_client_for(world.nanjing_body).get(reverse("benchmark-list"), {"indicator": "revenue"})
    html = page.content.decode()
    assert page.status_code == 200 and world.nanjing_cluster.name in html and world.provincial_cluster.name in html
    assert world.wuxi_cluster.name not in html and 'data-percentile="25" data-cohort="5"' in html
    assert_reveals_no_peer(html, peers)


def test_an_expert_has_no_benchmark(world, client_for, page_client_for):
    assert client_for(world.expert).get(reverse("api:benchmark-list")).status_code == 403
    assert page_client_for(world.expert).get(reverse("benchmark-list")).status_code == 403


def test_another_body_s_cluster_is_a_404(world, client_for, page_client_for):
    make_peers(5)
    assert benchmark_api(client_for(world.shenzhen_body), world.nanjing_cluster).status_code == 404
    url = reverse("cluster-benchmark", args=[world.nanjing_cluster.pk])
    assert page_client_for(world.shenzhen_body).get(url).status_code == 404
    assert page_client_for(world.guangdong).get(url).status_code == 404


def test_the_export_holds_the_list_and_nothing_of_the_others(world, page_client_for):
    peers = make_peers(4)
    observe(world.nanjing_cluster, "7000")
    rows = exported(page_client_for(world.nanjing_body), "clusters.benchmark", query="indicator=revenue&sort=name")
    assert len(rows) == 3  # the header and the body's two clusters
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {world.nanjing_cluster.name, world.provincial_cluster.name}
    assert by_name[world.nanjing_cluster.name][4:7] == ["7000", "25", "5"]
    assert_reveals_no_peer(json.dumps(rows, ensure_ascii=False), peers)


def test_the_pages_are_linked_from_the_cluster_and_the_menu(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    html = client.get(reverse("cluster-indicators", args=[world.nanjing_cluster.pk])).content.decode()
    assert reverse("cluster-benchmark", args=[world.nanjing_cluster.pk]) in html
    assert 'id="nav-benchmark"' in client.get(reverse("benchmark-list")).content.decode()


# Query counts -------------------------------------------------------------------------------------------------------


def grow(world, count):
    """`count` more clusters with a value and a milestone, visible to the ministry."""
    for n in range(count):
        cluster = ClusterFactory()
        observe(cluster, str(100 + n))
        MilestoneFactory(cluster=cluster, kind=Milestone.Kind.TRIGGER_EVENT, year=2010)


@pytest.mark.parametrize(
    ("route", "args", "api"),
    [
        ("benchmark-list", [], False),
        ("api:benchmark-list", [], True),
        ("cluster-benchmark", ["nanjing_cluster"], False),
        ("api:cluster-benchmark", ["nanjing_cluster"], True),
    ],
)
def test_queries_do_not_grow_with_the_clusters(world, client_for, page_client_for, route, args, api):
    observe(world.nanjing_cluster, "7000")
    client = client_for(world.ministry) if api else page_client_for(world.ministry)
    url = reverse(route, args=[world.clusters[name].pk for name in args])

    def fetch():
        assert client.get(url, {"indicator": "revenue"}).status_code == 200

    fetch()
    grow(world, 1)
    few = count_queries(fetch)
    grow(world, 5)
    assert count_queries(fetch) == few


# The demo -------------------------------------------------------------------------------------------------------------


# The promotion bodies of the ten clusters the seed article names (DESIGN §5).
SEED_TEN = {
    *("changsha-cm", "wuxi-iot", "shenzhen-ict", "nanjing-grid", "dongguan-terminals"),
    *("sz-gz-medical", "hangzhou-security", "wenzhou-electrical", "gfh-uhd-home", "hefei-voice"),
}


def test_the_demo_ranks_every_national_cluster_on_most_indicators_and_axes(demo):
    from clusters.benchmark.selectors import cluster_benchmark

    with system_scope():
        years, year = benchmark_years()
        national = list(Cluster.objects.filter(tier__in=Cluster.PUBLIC_TIERS).select_related("promotion_body"))
        assert {cluster.promotion_body.slug for cluster in national} >= SEED_TEN and year == years[0]
        for cluster in national:
            benchmark = cluster_benchmark(cluster=cluster, year=year)
            shown = [s for s in benchmark.indicators if s.shown]
            assert len(shown) >= 15, cluster.name
            assert all(s.rank.cohort_size >= MIN_COHORT for s in shown)
            # Two later national clusters have no data on policy guidance: the axis says so, as the diagnostic does.
            axes = [s.shown for s in benchmark.axes]
            assert all(axes) if cluster.promotion_body.slug in SEED_TEN else sum(axes) >= 5, cluster.name
            # The demo's only cluster that files chain-link coverage stands in a cohort of one: nothing is shown.
            coverage = next(s for s in benchmark.indicators if s.measure.key == "chain_link_coverage")
            assert not coverage.shown
