"""Network analysis of a large cluster: from loading out of PostgreSQL to storing every member's figures.

Bar (issue 3): 50,000 members and 200,000 collaborations in at most 10 s on a 2-core machine. Baseline,
measured in the same run: loading the edges alone and counting degrees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_platform python bench/network_analysis.py
    python bench/network_analysis.py --members 5000 --edges 20000      # a quick run

Creates its own database (`<name>_bench_network` beside DATABASE_URL's, default cp_bench_network), fills it
deterministically with numpy and COPY, and drops it afterwards (unless --keep).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.databases import recreate_database, server_urls  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--edges", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=1, help="NetworKit threads (default 1: reproducible)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--database", default="cp_bench_network")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    return parser.parse_args()


def copy_rows(cursor, table, columns, rows: str):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(rows)


def make_cluster(n_members, n_edges, seed):
    """A deterministic cluster: heavy-tailed collaboration network (hubs are the leading enterprises), nine chain
    links, 30% of collaborations supply with a value, 85% of members local."""
    from django.db import connection
    from django.utils import timezone

    from clusters.models import ChainLink, Cluster, ClusterRegion
    from tenancy.models import Organisation

    rng = np.random.default_rng(seed)
    body = Organisation.objects.create(kind="cluster_body", slug="bench-body", name="基准促进机构", region_id="320100")
    cluster = Cluster.objects.create(name="基准集群", field_id="high_end_equipment", promotion_body=body)
    ClusterRegion.objects.create(cluster=cluster, region_id="320100")
    links = ChainLink.objects.bulk_create(
        ChainLink(cluster=cluster, name=f"环节{i}", segment=("upstream", "midstream", "downstream")[i // 3], position=i)
        for i in range(9)
    )
    activity = rng.pareto(1.2, n_members) + 1
    leading = activity >= np.quantile(activity, 0.99)
    local = rng.random(n_members) < 0.85
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        buffer = io.StringIO()
        for i in range(n_members):
            buffer.write(
                f"{cluster.pk}\tenterprise\t成员{i}\tMember {i}\t\t\t\t{'t' if leading[i] else 'f'}\tf\tf\tf\tf\t"
                f"{'t' if local[i] else 'f'}\t{now}\t{now}\n"
            )
        copy_rows(
            cursor,
            "clusters_member",
            [
                "cluster_id",
                "kind",
                "name",
                "name_en",
                "credit_code",
                "platform_level",
                "size_class",
                "is_leading",
                "is_single_champion",
                "is_little_giant",
                "is_srdi_sme",
                "is_high_tech",
                "is_local",
                "created",
                "updated",
            ],  # fmt: skip
            buffer.getvalue(),
        )
        cursor.execute("SELECT id FROM clusters_member WHERE cluster_id = %s ORDER BY id", [cluster.pk])
        ids = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        p = activity / activity.sum()
        source, target = rng.choice(n_members, n_edges, p=p), rng.choice(n_members, n_edges, p=p)
        clash = source == target
        target[clash] = (target[clash] + 1) % n_members
        kinds = np.array(["supply", "rd", "joint_venture", "investment", "licensing", "talent", "standard"])
        kind = np.where(rng.random(n_edges) < 0.3, 0, rng.integers(1, len(kinds), n_edges))
        value = np.round(rng.lognormal(6, 1.2, n_edges), 2)
        year = rng.integers(2019, 2025, n_edges)
        rows = "".join(
            f"{cluster.pk}\t{ids[s]}\t{ids[t]}\t{kinds[k]}\t{v if k == 0 else chr(92) + 'N'}\t{y}\n"
            for s, t, k, v, y in zip(
                source.tolist(), target.tolist(), kind.tolist(), value.tolist(), year.tolist(), strict=True
            )
        )
        copy_rows(
            cursor, "clusters_collaboration", ["cluster_id", "source_id", "target_id", "kind", "value", "year"], rows
        )
        primary = rng.integers(0, len(links), n_members)
        second = rng.random(n_members) < 0.2
        link_ids = np.array([link.pk for link in links])
        rows = "".join(f"{ids[i]}\t{link_ids[primary[i]]}\n" for i in range(n_members))
        rows += "".join(
            f"{ids[i]}\t{link_ids[(primary[i] + 1) % len(links)]}\n" for i in np.flatnonzero(second).tolist()
        )
        copy_rows(cursor, "clusters_member_chain_links", ["member_id", "chainlink_id"], rows)
        cursor.execute("ANALYZE")
    return cluster


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def main():
    args = parse_args()
    bench_url, admin_url = server_urls(args.database)
    recreate_database(admin_url, args.database)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)  # no broker needed: the bench calls the service directly
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        from clusters.models import Collaboration, MemberFigure, NetworkAnalysis
        from clusters.network import services
        from clusters.network.analysis import analyse, parameters_with_defaults
        from clusters.network.selectors import network_inputs
        from tenancy.scoping import system_scope

        _cluster, setup_seconds = timed(lambda: make_cluster(args.members, args.edges, args.seed))
        cluster = _cluster
        parameters = parameters_with_defaults({"threads": args.threads})
        print(f"setup: {args.members} members, {args.edges} collaborations in {setup_seconds:.1f} s (COPY)\n")

        with system_scope():

            def baseline():
                edges = np.array(
                    list(Collaboration.objects.filter(cluster=cluster).order_by().values_list("source_id", "target_id"))
                )
                return np.bincount(np.searchsorted(np.unique(edges), edges.ravel()))

            _degree, baseline_seconds = timed(baseline)

            # The stages of clusters.network.services.network_analysis_run, timed one by one.
            analysis = NetworkAnalysis.objects.create(cluster=cluster, parameters=parameters)
            inputs, load_seconds = timed(lambda: network_inputs(cluster_id=cluster.pk))
            result, compute_seconds = timed(lambda: analyse(inputs, parameters))
            _stored, store_seconds = timed(lambda: services.member_figures_store(analysis=analysis, result=result))
            stages_total = load_seconds + compute_seconds + store_seconds

            # The real service, end to end (what the Celery task runs).
            second = NetworkAnalysis.objects.create(cluster=cluster, parameters=parameters)
            _run, service_seconds = timed(lambda: services.network_analysis_run(analysis=second))
            second.refresh_from_db()
            stored_rows = MemberFigure.objects.filter(analysis=second).count()

        rows = [("load members, edges, supply, chain links (values_list)", load_seconds)]
        names = {
            "graph": "graph (ids → 0..n-1, collapse) + sha256 digest",
            "components": "components + local clustering",
            "communities": "communities (Louvain/PLM) + modularity",
            "betweenness": f"betweenness ({result.parameters['betweenness_method']}, "
            f"ε={parameters['betweenness_epsilon']})",
            "pagerank": "PageRank",
            "articulation_points": "articulation points (biconnected components)",
            "chain_links": "chain-link coverage + local supporting rate",
        }
        rows += [(f"  {names[stage]}", seconds) for stage, seconds in result.timings.items()]
        rows += [
            ("compute (sum of the above NetworKit stages)", compute_seconds),
            (f"store {len(result.member_ids)} member figures (COPY)", store_seconds),
            ("total: load → compute → store", stages_total),
            ("service network_analysis_run end to end (+ progress, row update)", service_seconds),
            ("baseline: load the edges alone + degree (values_list, numpy)", baseline_seconds),
        ]
        width = max(len(label) for label, _seconds in rows)
        print(f"{'stage':<{width}}  {'seconds':>8}")
        print("-" * (width + 10))
        for label, seconds in rows:
            print(f"{label:<{width}}  {seconds:8.3f}")
        print("-" * (width + 10))
        print(f"{'ratio service / baseline':<{width}}  {service_seconds / baseline_seconds:8.1f}×")
        print(
            f"\nnodes {second.nodes}, edges {second.edges}, components {second.components}, "
            f"communities {second.communities}, modularity {second.modularity:.3f}, "
            f"betweenness approximate {second.betweenness_approximate} (±{second.betweenness_error_bound or 0:.4f}), "
            f"single points of failure {len(second.articulation_points)}, "
            f"local supporting rate {second.local_supporting_rate:.3f} "
            f"({second.parameters['local_supporting_basis']}), "
            f"stored rows {stored_rows}, status {second.status}"
        )
        verdict = "meets" if service_seconds <= 10 else "MISSES"
        print(
            f"bar: ≤ 10 s for 50,000 members / 200,000 collaborations — this run {verdict} it ({service_seconds:.2f} s)"
        )
    finally:
        connection.close()
        if not args.keep:
            recreate_database(admin_url, args.database, drop_only=True)


if __name__ == "__main__":
    main()
