"""The annual monitoring evaluation at national scale, from loading out of PostgreSQL to storing every result.

Bar (issue 6): 300 clusters × 40 indicators × 5 years of observations, each cluster with its network analyses
already stored, evaluated in at most 30 s on this machine, with a number of queries that does not grow with the
number of clusters (the script evaluates 30 clusters, then all of them, and prints both query counts).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_platform python bench/monitoring.py
    python bench/monitoring.py --clusters 60          # a quick run

Creates its own database (`--database`, default cp_bench_monitor, on DATABASE_URL's server), fills it
deterministically (numpy + COPY): per cluster 40 indicators × 5 years, 60 members with revenue and joining year,
two succeeded network analyses (so the comparison rules read two), an approved cultivation plan with three
targets; then drops it (unless --keep). The method is the default one with every dimension reading eight of the
40 indicators (six on year-on-year growth, two min–max), so every observation is read and scored.
"""

import argparse
import copy
import io
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.databases import recreate_database, server_urls  # noqa: E402

YEARS = range(2020, 2025)
MEMBERS_PER_CLUSTER = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=300)
    parser.add_argument("--small", type=int, default=30, help="the smaller run, to compare query counts")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--database", default="cp_bench_monitor")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    return parser.parse_args()


def copy_rows(cursor, table, columns, rows: str):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy_:
        copy_.write(rows)


def indicators_40():
    """The 30 catalogue indicators and ten more, so that the method reads 40."""
    from clusters.models import Indicator

    extra = [
        Indicator(
            code=f"bench_{i}", name=f"基准指标{i}", name_en=f"Bench indicator {i}", category="scale", position=90 + i
        )
        for i in range(40 - Indicator.objects.count())
    ]
    Indicator.objects.bulk_create(extra)
    return list(Indicator.objects.order_by("category", "position", "code"))


def bench_config(indicators):
    from monitoring.evaluation.method import DEFAULT_CONFIG

    config = copy.deepcopy(DEFAULT_CONFIG)
    names = list(config["dimensions"])
    for index, name in enumerate(names):
        mine = indicators[index * 8 : (index + 1) * 8]
        inputs = [
            {"source": "indicator", "code": indicator.code, "weight": 10, "scale": "growth", "low": -6, "high": 10}
            for indicator in mine[:6]
        ] + [{"source": "indicator", "code": indicator.code, "weight": 10, "scale": "minmax"} for indicator in mine[6:]]
        figure = {
            "innovation": {"source": "plan", "figure": "on_track_share"},
            "advanced_manufacturing": {"source": "members", "figure": "champions"},
            "leading_enterprises": {"source": "members", "figure": "leading"},
            "ecosystem": {"source": "network", "figure": "local_supporting_rate"},
            "governance": {"source": "network", "figure": "chain_link_coverage"},
        }[name]
        inputs.append(
            {**figure, "weight": 20, "scale": "range", "low": 0, "high": 10 if "members" in figure.values() else 1}
        )
        config["dimensions"][name]["inputs"] = inputs
    return config


def build(n_clusters, seed):
    from django.db import connection
    from django.utils import timezone

    from clusters.models import ChainLink, Cluster, ClusterRegion, NetworkAnalysis
    from policies.models import CultivationPlan, PlanTarget
    from tenancy.models import Organisation, Region

    rng = np.random.default_rng(seed)
    indicators = indicators_40()
    prefectures = list(Region.objects.filter(level="prefecture").order_by("code").values_list("code", flat=True))
    body = Organisation.objects.create(kind="cluster_body", slug="bench-body", name="基准促进机构", region_id="320100")
    clusters = Cluster.objects.bulk_create(
        Cluster(name=f"基准集群{i:03d}", field_id="high_end_equipment", promotion_body=body, tier="national")
        for i in range(n_clusters)
    )
    ClusterRegion.objects.bulk_create(
        ClusterRegion(cluster=c, region_id=prefectures[i % len(prefectures)]) for i, c in enumerate(clusters)
    )
    links = ChainLink.objects.bulk_create(
        ChainLink(cluster=c, name=f"环节{j}", segment="midstream", position=j) for c in clusters for j in range(5)
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        rows = io.StringIO()
        for c in clusters:
            base = rng.lognormal(4, 1, len(indicators))
            growth = rng.normal(1.05, 0.035, (len(indicators), len(YEARS)))
            for k, indicator in enumerate(indicators):
                value = base[k]
                for y, year in enumerate(YEARS):
                    value *= growth[k, y]
                    rows.write(f"{c.pk}\t{indicator.pk}\t{year}\t{value:.4f}\t\t\n")
        copy_rows(cursor, "clusters_observation", ["cluster_id", "indicator_id", "year", "value", "source", "evidence"],
                  rows.getvalue())  # fmt: skip
        rows = io.StringIO()
        stamp = now.isoformat()
        for c in clusters:
            revenue = rng.pareto(1.3, MEMBERS_PER_CLUSTER) * 1000 + 100
            joined = rng.integers(1995, 2025, MEMBERS_PER_CLUSTER)
            for m in range(MEMBERS_PER_CLUSTER):
                leading = "t" if m < 3 else "f"
                champion = "t" if m % 10 == 0 else "f"
                rows.write(
                    f"{c.pk}\tenterprise\t成员{m}\t\t\t\t\t{leading}\t{champion}\tf\tf\tf\tt\t{revenue[m]:.2f}\t"
                    f"{joined[m]}\t{stamp}\t{stamp}\n"
                )
        copy_rows(
            cursor,
            "clusters_member",
            ["cluster_id", "kind", "name", "name_en", "credit_code", "platform_level", "size_class", "is_leading",
             "is_single_champion", "is_little_giant", "is_srdi_sme", "is_high_tech", "is_local", "revenue",
             "joined_year", "created", "updated"],
            rows.getvalue(),
        )  # fmt: skip
    analyses = []
    by_cluster = {}
    for link in links:
        by_cluster.setdefault(link.cluster_id, []).append(link)
    for c in clusters:
        for age, points in ((48, 4), (24, int(rng.integers(2, 8)))):
            coverage = [
                {
                    "id": link.pk,
                    "name": link.name,
                    "segment": "midstream",
                    "members": int(n),
                    "flag": "" if n else "empty",
                }
                for link, n in zip(by_cluster[c.pk], rng.integers(0, 30, 5), strict=True)
            ]
            analyses.append(
                NetworkAnalysis(
                    cluster=c, status="succeeded", progress=100, finished=now - timezone.timedelta(hours=age),
                    nodes=MEMBERS_PER_CLUSTER, edges=150, density=float(rng.random() / 10),
                    local_supporting_rate=float(rng.uniform(0.4, 0.9)), articulation_points=list(range(points)),
                    chain_link_coverage=coverage,
                )
            )  # fmt: skip
    NetworkAnalysis.objects.bulk_create(analyses, batch_size=500)
    plans = CultivationPlan.objects.bulk_create(
        CultivationPlan(cluster=c, title=f"{c.name}培育提升方案", period_start=2021, period_end=2025, status="approved")
        for c in clusters
    )
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=p, indicator=indicators[k], baseline_year=2021, baseline_value=100, target_year=2025,
                   target_value=100 + 40 * (k + 1))
        for p in plans for k in range(3)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return clusters, indicators


def evaluate_timed(method, tiers):
    """evaluation_start → (after commit) the eager task → monitoring.evaluate: seconds, queries, the evaluation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.evaluation import services as monitoring_services
    from monitoring.models import MonitoringEvaluation

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        evaluation = monitoring_services.evaluation_start(year=2024, method=method, tiers=tiers, by=None)
        seconds = time.perf_counter() - start
    evaluation = MonitoringEvaluation.objects.get(pk=evaluation.pk)
    return seconds, len(captured.captured_queries), evaluation


def main():
    args = parse_args()
    bench_url, admin_url = server_urls(args.database)
    recreate_database(admin_url, args.database)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)  # Celery runs eagerly: the task runs in this process after commit
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        from clusters.models import Cluster, Observation
        from monitoring.evaluation import services as monitoring_services
        from monitoring.models import EarlyWarning, MonitoringResult
        from tenancy.scoping import system_scope

        with system_scope():
            start = time.perf_counter()
            clusters, indicators = build(args.clusters, args.seed)
            setup = time.perf_counter() - start
            observations = Observation.objects.count()
            print(
                f"setup: {len(clusters)} clusters × {len(indicators)} indicators × {len(YEARS)} years = "
                f"{observations} observations, {MEMBERS_PER_CLUSTER} members and 2 network analyses per cluster, "
                f"in {setup:.1f} s\n"
            )
            method = monitoring_services.method_create(name="基准方法", config=bench_config(indicators), by=None)
            # The smaller run first: only the first `small` clusters are national.
            Cluster.objects.filter(pk__in=[c.pk for c in clusters[args.small :]]).update(tier="provincial")
            small_seconds, small_queries, small = evaluate_timed(method, ["national"])
            Cluster.objects.update(tier="national")
            seconds, queries, evaluation = evaluate_timed(method, ["national"])
            results = MonitoringResult.objects.filter(evaluation=evaluation).count()
            warnings = EarlyWarning.objects.filter(result__evaluation=evaluation).count()

        rows = []
        for label, run_seconds, run_queries, run in (
            (f"{args.small} clusters", small_seconds, small_queries, small),
            (f"{args.clusters} clusters", seconds, queries, evaluation),
        ):
            stage = run.summary["seconds"]
            rows.append((label, stage["load"], stage["compute"], stage["store"], run_seconds, run_queries, run.status))
        print(
            f"{'evaluation':<14} {'load s':>8} {'compute s':>10} {'store s':>8} {'total s':>8} {'queries':>8}  status"
        )
        print("-" * 76)
        for label, load, compute, store, total, count, status in rows:
            print(f"{label:<14} {load:8.3f} {compute:10.3f} {store:8.3f} {total:8.3f} {count:8d}  {status}")
        print("-" * 76)
        print(
            f"\n{results} results, {warnings} warnings; grades {evaluation.summary['grades']}, "
            f"recommendations {evaluation.summary['recommendations']}, warnings by rule "
            f"{evaluation.summary['warnings_by_rule']}"
        )
        same = "the same" if small_queries == queries else "DIFFERENT"
        verdict = "meets" if seconds <= 30 and small_queries == queries else "MISSES"
        print(f"queries: {small_queries} for {args.small} clusters, {queries} for {args.clusters} — {same}")
        print(f"bar: ≤ 30 s for 300 clusters, queries not growing — this run {verdict} it ({seconds:.2f} s)")
    finally:
        connection.close()
        if not args.keep:
            recreate_database(admin_url, args.database, drop_only=True)


if __name__ == "__main__":
    main()
