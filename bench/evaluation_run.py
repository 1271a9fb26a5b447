"""An evaluation run of a large round: from loading out of PostgreSQL to storing every entry's result.

Bar (issue 5): 2,000 entries × 10 experts × 12 criteria (240,000 scores) in at most 20 s on this machine, with a
number of queries that does not grow with the number of scores.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_platform python bench/evaluation_run.py
    python bench/evaluation_run.py --expert-criteria 12 --indicator-criteria 0   # 240,000 review scores
    python bench/evaluation_run.py --entries 200                                 # a quick run

Default: 9 expert criteria and 3 indicator criteria (12 criteria: 180,000 review scores and 6,000 claims); every
expert scores every entry. Times `execution.execute_run` end to end (claim, load, compute, store the results with
their breakdowns, mark succeeded) and its stages one by one, counts its queries, and counts them again for a round
ten times smaller.

Creates its own database (`<DATABASE_URL's name>_bench_runs`), fills it deterministically (numpy, COPY for the
assignments, reviews and scores) and drops it afterwards (unless --keep).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.databases import DEFAULT_URL, recreate_database, server_urls  # noqa: E402

BAR_SECONDS = 20
INDICATORS = ["revenue", "rd_intensity", "energy_per_output", "invention_patents", "export_share"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--experts", type=int, default=10)
    parser.add_argument("--expert-criteria", type=int, default=9)
    parser.add_argument("--indicator-criteria", type=int, default=3, help="at most 5")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    return parser.parse_args()


def urls():
    name = f"{urlsplit(os.environ.get('DATABASE_URL', DEFAULT_URL)).path.strip('/') or 'cp'}_bench_runs"
    return name, *server_urls(name)


def copy_rows(cursor, table, columns, rows: str):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(rows)


def make_competition(args):
    """A published competition over every industry field (one track each), its clusters and expert pool."""
    from django.contrib.auth import get_user_model

    from clusters.models import Cluster
    from evaluations.competitions import services as competition_services
    from tenancy.models import ExpertProfile, IndustryField, Organisation

    fields = list(IndustryField.objects.order_by("code"))
    competition = competition_services.competition_create(
        year=2024, name="基准竞赛", name_en="Bench", fields=fields, by=None
    )
    body = Organisation.objects.create(kind="cluster_body", slug="bench-body", name="基准促进机构", region_id="320100")
    clusters = Cluster.objects.bulk_create(
        Cluster(name=f"基准集群{n}", name_en=f"Bench cluster {n}", field=fields[n % len(fields)], promotion_body=body)
        for n in range(args.entries)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-expert-{n}") for n in range(args.experts)
    )
    experts = ExpertProfile.objects.bulk_create(
        ExpertProfile(user=user, affiliation="基准大学", region_id="110100", is_eligible=True) for user in users
    )
    return competition, clusters, experts


def make_round(args, competition, clusters, experts, *, position, entries, rng):
    """A round with the rubric, `entries` eligible entries, every expert's submitted review of every entry, and
    the claims."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from clusters.models import Indicator
    from evaluations.competitions import services as competition_services
    from evaluations.models import ClaimedValue, Criterion, Round, Submission, Track

    now = timezone.now()
    round_ = competition_services.round_create(
        competition=competition,
        by=None,
        position=position,
        name=f"基准轮{position}",
        submission_opens=now - timedelta(days=60),
        submission_closes=now - timedelta(days=30),
        review_opens=now - timedelta(days=29),
        review_closes=now - timedelta(days=1),
        advancement_rule=Round.AdvancementRule.TOP_N,
        advance_top_n=20,
    )
    count = args.expert_criteria + args.indicator_criteria
    weights = [100 // count] * count
    weights[0] += 100 - sum(weights)
    rubric = [
        {
            "name": f"专家指标{n}",
            "kind": "expert",
            "weight": weights[n],
            "max_score": 10,
            "dimension": "policy_guidance",
        }
        for n in range(args.expert_criteria)
    ]
    rubric += [
        {
            "name": f"量化指标{n}",
            "kind": "indicator",
            "weight": weights[args.expert_criteria + n],
            "max_score": 100,
            "indicator": Indicator.objects.get(code=INDICATORS[n]),
            "dimension": "resource_endowment",
        }
        for n in range(args.indicator_criteria)
    ]
    competition_services.rubric_replace(round=round_, criteria=rubric, by=None)
    criteria = list(Criterion.objects.filter(round=round_).order_by("position"))
    tracks = {track.field_id: track for track in Track.objects.filter(competition=competition)}
    submissions = Submission.objects.bulk_create(
        Submission(
            round=round_,
            track=tracks[cluster.field_id],
            cluster=cluster,
            status=Submission.Status.ELIGIBLE,
            submitted_at=now - timedelta(days=40, minutes=n),
        )
        for n, cluster in enumerate(clusters[:entries])
    )
    ClaimedValue.objects.bulk_create(
        ClaimedValue(submission=s, criterion=c, value=round(float(rng.lognormal(5, 1)), 4))
        for s in submissions
        for c in criteria
        if c.kind == "indicator"
    )
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        rows = "".join(
            f"{s.pk}\t{e.pk}\tassigned\tautomatic\t\t{stamp}\t{stamp}\n" for s in submissions for e in experts
        )
        copy_rows(
            cursor,
            "evaluations_assignment",
            ["submission_id", "expert_id", "status", "source", "recusal_reason", "created", "updated"],
            rows,
        )
        cursor.execute(
            "SELECT a.id FROM evaluations_assignment a JOIN evaluations_submission s ON s.id = a.submission_id "
            "WHERE s.round_id = %s ORDER BY a.id",
            [round_.pk],
        )
        assignment_ids = [row[0] for row in cursor.fetchall()]
        copy_rows(
            cursor,
            "evaluations_review",
            ["assignment_id", "status", "comments", "submitted_at", "updated"],
            "".join(f"{a}\tsubmitted\t\t{stamp}\t{stamp}\n" for a in assignment_ids),
        )
        cursor.execute(
            "SELECT r.id FROM evaluations_review r JOIN evaluations_assignment a ON a.id = r.assignment_id "
            "JOIN evaluations_submission s ON s.id = a.submission_id WHERE s.round_id = %s ORDER BY r.id",
            [round_.pk],
        )
        review_ids = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        expert_criteria = np.array([c.pk for c in criteria if c.kind == "expert"], dtype=np.int64)
        # Each expert has a leniency and a spread of their own: what the z-score normalisation takes out.
        leniency = rng.normal(0, 1, len(experts))
        quality = rng.normal(6, 1.5, entries)
        review_entry = np.repeat(np.arange(entries), len(experts))
        review_expert = np.tile(np.arange(len(experts)), entries)
        buffer = io.StringIO()
        for criterion in expert_criteria.tolist():
            raw = quality[review_entry] + leniency[review_expert] + rng.normal(0, 1, len(review_ids))
            scores = np.clip(np.round(raw * 4) / 4, 0, 10)
            buffer.write(
                "".join(
                    f"{r}\t{criterion}\t{s:.2f}\n" for r, s in zip(review_ids.tolist(), scores.tolist(), strict=True)
                )
            )
        copy_rows(cursor, "evaluations_reviewscore", ["review_id", "criterion_id", "score"], buffer.getvalue())
        cursor.execute("ANALYZE")
    return round_, len(review_ids) * len(expert_criteria), len(submissions) * args.indicator_criteria


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def main():
    args = parse_args()
    name, bench_url, admin_url = urls()
    recreate_database(admin_url, name)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("REDIS_URL", None)  # no broker: the bench calls execute_run directly, as the task does
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    try:
        call_command("migrate", verbosity=0)
        from evaluations.models import EvaluationRun, Result
        from evaluations.runs.execution import execute_run, run_inputs_load, run_results_store
        from evaluations.runs.scoring import compute
        from tenancy.scoping import system_scope

        rng = np.random.default_rng(args.seed)
        with system_scope():
            start = time.perf_counter()
            competition, clusters, experts = make_competition(args)
            big, scores, claims = make_round(
                args, competition, clusters, experts, position=1, entries=args.entries, rng=rng
            )
            small_entries = max(1, args.entries // 10)
            small, small_scores, _small_claims = make_round(
                args, competition, clusters, experts, position=2, entries=small_entries, rng=rng
            )
            print(
                f"setup: {args.entries} entries × {args.experts} experts × {args.expert_criteria} expert criteria "
                f"= {scores} review scores, {claims} claims ({args.indicator_criteria} indicator criteria); "
                f"{time.perf_counter() - start:.1f} s\n"
            )

            # The stages, one by one.
            inputs, load_seconds = timed(lambda: run_inputs_load(round_id=big.pk))
            outcome, compute_seconds = timed(lambda: compute(inputs))
            staged = EvaluationRun.objects.create(round=big)

            def store():
                with transaction.atomic():
                    run_results_store(run=staged, outcome=outcome)

            _stored, store_seconds = timed(store)

            # The task's body end to end, its queries counted.
            def end_to_end(round_):
                run = EvaluationRun.objects.create(round=round_)
                with CaptureQueriesContext(connection) as queries:
                    _run, seconds = timed(lambda: execute_run(run.pk))
                run.refresh_from_db()
                return run, seconds, len(queries.captured_queries)

            run, service_seconds, service_queries = end_to_end(big)
            again, _again_seconds, _again_queries = end_to_end(big)
            small_run, small_seconds, small_queries = end_to_end(small)
            stored_rows = Result.objects.filter(run=run).count()
            identical = list(Result.objects.filter(run=run).order_by("submission_id").values_list("total", "rank")) == (
                list(Result.objects.filter(run=again).order_by("submission_id").values_list("total", "rank"))
            )

        rows = [
            (f"load {len(inputs.entries)} entries, {len(inputs.score_entry)} scores, claims, rubric", load_seconds),
            ("compute (normalise, trim, indicators, rank, explain) + digest", compute_seconds),
            (f"store {len(outcome.results)} results with breakdowns (DELETE + one INSERT)", store_seconds),
            ("total: load → compute → store", load_seconds + compute_seconds + store_seconds),
            ("execute_run end to end (claim, stages, progress, succeed)", service_seconds),
        ]
        width = max(len(label) for label, _seconds in rows)
        print(f"{'stage':<{width}}  {'seconds':>8}")
        print("-" * (width + 10))
        for label, seconds in rows:
            print(f"{label:<{width}}  {seconds:8.3f}")
        print("-" * (width + 10))
        print(f"\n{'run':<34} {'entries':>8} {'scores':>8} {'queries':>8} {'seconds':>8}")
        print(f"{'full round':<34} {args.entries:>8} {scores:>8} {service_queries:>8} {service_seconds:>8.2f}")
        print(
            f"{'ten times smaller':<34} {small_entries:>8} {small_scores:>8} {small_queries:>8} {small_seconds:>8.2f}"
        )
        print(
            f"\nstatus {run.status} ({run.message}); stored rows {stored_rows}; small run {small_run.status}; "
            f"re-run: same digest {again.digest == run.digest}, identical results {identical}"
        )
        verdict = "meets" if service_seconds <= BAR_SECONDS and small_queries == service_queries else "MISSES"
        print(
            f"bar: ≤ {BAR_SECONDS} s for 2,000 entries × 10 experts × 12 criteria, queries not growing — this run "
            f"{verdict} it ({service_seconds:.2f} s, {service_queries} queries vs {small_queries} for 1/10)"
        )
    finally:
        connection.close()
        if not args.keep:
            recreate_database(admin_url, name, drop_only=True)


if __name__ == "__main__":
    main()
