"""Observation platform: the observations API page, the indicators page, the Excel export and the diagnostic.

    DATABASE_URL=... python bench/observations.py [--scale N] [--repeat R]

Creates N clusters × 30 indicators × 10 years of observations (N=20: 6,000 rows) inside one transaction,
measures in-process requests (Django test client, signed in as the ministry), and rolls everything back.
Baseline: the same page of 100 observations from `.values()` serialised with orjson, called as a function
(no request stack); `GET /api/v1/me/` shows what the request stack (middleware, auth, scope) costs alone.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from clusters.diagnostic.axes import diagnose  # noqa: E402
from clusters.diagnostic.selectors import diagnostic_inputs  # noqa: E402
from clusters.models import Cluster, ClusterRegion, Indicator, Observation  # noqa: E402
from tenancy.exports import xlsx_bytes  # noqa: E402
from tenancy.exports.registry import ExportRequest, export_kind  # noqa: E402
from tenancy.models import Membership, Organisation  # noqa: E402
from tenancy.scoping import viewer_scope  # noqa: E402
from tenancy.visibility import Viewer  # noqa: E402


class Rollback(Exception):
    pass


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def build(scale):
    from django.contrib.auth import get_user_model

    ministry = Organisation.objects.create(kind="national", slug="bench-ministry", name="基准部委", name_en="Bench")
    body = Organisation.objects.create(kind="cluster_body", slug="bench-body", name="基准促进机构", region_id="320100")
    user = get_user_model().objects.create_user("bench-ministry", password="x")
    Membership.objects.create(user=user, organisation=ministry, role="viewer")
    indicators = list(Indicator.objects.all())
    clusters = []
    for i in range(scale):
        cluster = Cluster.objects.create(
            name=f"基准集群{i}", field_id="high_end_equipment", promotion_body=body, tier="national"
        )
        ClusterRegion.objects.create(cluster=cluster, region_id="320100")
        clusters.append(cluster)
    Observation.objects.bulk_create(
        [
            Observation(cluster=c, indicator=ind, year=2015 + y, value=100 + y, source="bench")
            for c in clusters
            for ind in indicators
            for y in range(10)
        ],
        batch_size=5000,
    )
    return user, clusters


def bare_page(limit=100):
    rows = list(
        Observation.objects.order_by("cluster_id", "indicator__position", "year").values(
            "id", "cluster_id", "indicator__code", "indicator__category", "indicator__unit", "year", "value", "source"
        )[:limit]
    )
    count = Observation.objects.count()
    return orjson.dumps({"count": count, "results": rows}, default=float)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=20, help="clusters (each 30 indicators × 10 years)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    results = []
    try:
        with scopes_disabled(), transaction.atomic():
            user, clusters = build(args.scale)
            rows = Observation.objects.count()
            client = Client()
            client.force_login(user)
            first = clusters[0]
            api = reverse("api:observation-list") + "?limit=100"
            client.get(api)
            baseline, baseline_max = timed(bare_page, args.repeat)
            results.append(("bare .values() + orjson, 100 rows, no request (baseline)", baseline, baseline_max, 1.0))
            me = reverse("api:me")
            median, worst = timed(lambda: client.get(me), args.repeat)
            results.append(("GET /api/v1/me/ (the request stack alone)", median, worst, median / baseline))
            for label, url in [
                ("GET /api/v1/observations/?limit=100", api),
                ("GET /clusters/{id}/indicators/ (30 × 10 table)", reverse("cluster-indicators", args=[first.pk])),
                (
                    "GET /clusters/compare/ (10 clusters)",
                    reverse("cluster-compare") + "?clusters=" + ",".join(str(c.pk) for c in clusters[:10]),
                ),
                ("GET /api/v1/diagnostics/{id}/", reverse("api:diagnostic-detail", args=[first.pk])),
            ]:
                assert client.get(url).status_code == 200, url
                median, worst = timed(lambda url=url: client.get(url), args.repeat)
                results.append((label, median, worst, median / baseline))
            kind = export_kind("clusters.observations")  # the export job's work: build the rows, write the workbook
            request = ExportRequest(user=user, GET=QueryDict(), target=first.pk)

            def make_export():
                with viewer_scope(Viewer.for_user(user)):
                    return xlsx_bytes(kind.build(request))

            median, worst = timed(make_export, args.repeat)
            results.append(
                ("export job of a cluster's indicator values, xlsx (300 rows)", median, worst, median / baseline)
            )
            inputs = diagnostic_inputs(cluster=first)
            median, worst = timed(lambda: diagnose(inputs), args.repeat * 10)
            results.append(("diagnose() pure function", median, worst, median / baseline))
            raise Rollback
    except Rollback:
        pass
    print(f"observations: {rows} rows in {args.scale} clusters; median of {args.repeat} runs, in-process client")
    print(f"{'what':<58} {'median ms':>10} {'max ms':>10} {'× baseline':>11}")
    for label, median, worst, ratio in results:
        print(f"{label:<58} {median * 1000:>10.2f} {worst * 1000:>10.2f} {ratio:>11.2f}")


if __name__ == "__main__":
    main()
