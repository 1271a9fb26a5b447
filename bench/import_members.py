"""Bench: bulk import of members from a GBK CSV, validated and committed, against PostgreSQL COPY.

Generates N member rows (deterministic, default 50,000) as a GBK CSV as Excel in China writes it, then times
- the baseline: PostgreSQL COPY of the same (already parsed) rows into the member table and its chain-link table;
- the import service (not HTTP): reading and decoding, validating every row, writing in one transaction;
- the whole Celery job body (`import_job_run`: stored file, progress updates, report);
- re-imports (every row matched by credit code): with changed figures and chain links, then unchanged.
Bar (issue 3): validate + commit at least 10,000 rows/s.

The baseline and the import run `--repeat` times (default 3), interleaved, each into a cluster of its own; the table
shows the best and the median run, and the CPU seconds of the bench process and of its PostgreSQL backend (when the
server runs on this machine): on a busy machine wall-clock times swing, CPU seconds much less.

Runs standalone on the PostgreSQL server of DATABASE_URL, in its own database `<DATABASE_URL's name>_bench_import`
(created, migrated, dropped at the end):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/any /work/main/.venv/bin/python bench/import_members.py
    … bench/import_members.py --rows 5000        # a quick run
    … bench/import_members.py --repeat 5         # more runs on a noisy machine
    … bench/import_members.py --orm              # also time the bulk_create / bulk_update writer
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BAR_ROWS_PER_SECOND = 10_000
# The nine chain links of the Nanjing smart-grid cluster named in the source article.
CHAIN_LINKS = [
    ("电力芯片与传感器", "upstream"),
    ("电工材料", "upstream"),
    ("发电设备", "midstream"),
    ("输变电设备", "midstream"),
    ("配电设备", "midstream"),
    ("电力自动化", "midstream"),
    ("储能设备", "midstream"),
    ("电力信息通信", "downstream"),
    ("综合能源服务", "downstream"),
]
KINDS = ["企业"] * 17 + ["高校", "科研院所", "创新平台"]
SIZES = ["大型", "中型", "中型", "小型", "小型", "小型", "微型"]
YES_NO = ["是", "否"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000, help="member rows to generate (default 50,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the baseline and of the import (default 3)")
    parser.add_argument("--orm", action="store_true", help="also time the bulk_create / bulk_update writer")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    return parser.parse_args()


def server_url(url, database):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}")).replace("postgres://", "postgresql://", 1)


def bench_database(url):
    return f"{urlsplit(url).path.strip('/') or 'postgres'}_bench_import"


def recreate_database(url):
    import psycopg

    name = bench_database(url)
    with psycopg.connect(server_url(url, "postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def drop_database(url):
    import psycopg

    with psycopg.connect(server_url(url, "postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{bench_database(url)}"')


def credit_code(n):
    from stdnum.cn import uscc

    base = f"91320100{n:09d}"
    return base + uscc.calc_check_digit(base)


def generate_csv(rows, regions, seed=20240601):
    """The rows as a GBK CSV with Chinese headers (what Excel in China saves), deterministic; another seed gives
    the same members (names, credit codes) with other figures and chain links."""
    rng = random.Random(seed)
    header = [
        "名称",
        "统一社会信用代码",
        "类型",
        "规模",
        "龙头企业",
        "单项冠军",
        "专精特新小巨人",
        "专精特新中小企业",
        "高新技术企业",
        "产业链环节",
        "地区代码",
        "本地",
        "营业收入（万元）",
        "从业人员",
        "研发投入（万元）",
        "专利数",
        "加入年份",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for n in range(1, rows + 1):
        links = "、".join(name for name, _segment in rng.sample(CHAIN_LINKS, rng.choice((1, 1, 2, 3))))
        writer.writerow(
            [
                f"南京{n}号智能电网设备有限公司",
                credit_code(n),
                rng.choice(KINDS),
                rng.choice(SIZES),
                "是" if rng.random() < 0.01 else "否",
                rng.choice(YES_NO) if rng.random() < 0.05 else "否",
                rng.choice(YES_NO) if rng.random() < 0.05 else "否",
                rng.choice(YES_NO),
                rng.choice(YES_NO),
                links,
                rng.choice(regions),
                "是" if rng.random() < 0.8 else "否",
                f"{rng.uniform(50, 500_000):.2f}",
                rng.randint(5, 20_000),
                f"{rng.uniform(0, 30_000):.2f}",
                rng.randint(0, 2_000),
                rng.randint(2005, 2024),
            ]
        )
    return buffer.getvalue().encode("gbk")


def make_cluster(name, body, chain_links=True):
    from clusters.models import ChainLink, Cluster, ClusterRegion

    cluster = Cluster.objects.create(name=name, field_id="high_end_equipment", promotion_body=body, tier="national")
    ClusterRegion.objects.create(cluster=cluster, region_id="320100")
    if chain_links:
        ChainLink.objects.bulk_create(
            [
                ChainLink(cluster=cluster, name=link, segment=segment, position=i)
                for i, (link, segment) in enumerate(CHAIN_LINKS)
            ]
        )
    return cluster


@dataclass
class Timing:
    seconds: float  # wall clock
    client: float  # CPU seconds of this process
    server: float | None  # CPU seconds of the PostgreSQL backend (None: not readable from here)

    def __add__(self, other):
        server = None if self.server is None or other.server is None else self.server + other.server
        return Timing(self.seconds + other.seconds, self.client + other.client, server)


def backend_cpu():
    """CPU seconds used so far by this connection's PostgreSQL backend, when the server runs on this machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def timed(function):
    server, client, start = backend_cpu(), time.process_time(), time.perf_counter()
    result = function()
    seconds, client = time.perf_counter() - start, time.process_time() - client
    after = backend_cpu()
    return Timing(seconds, client, None if server is None or after is None else after - server), result


def copy_baseline(cluster, outcome):
    """Binary COPY of the validated rows (members with ids from their sequence, then their chain-link rows) straight
    into the tables, in one transaction: the floor of any import (indexes and foreign-key checks included)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from clusters.imports.storage import _column_types
    from clusters.imports.validation import MEMBER_FIELDS
    from clusters.models import Member

    through = Member.chain_links.through
    now = timezone.now()
    columns = ["id", "cluster_id", *MEMBER_FIELDS, "created", "updated"]
    table = Member._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(outcome.records)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(_column_types(Member, columns))
            for member_id, record in zip(ids, outcome.records, strict=True):
                copy.write_row((member_id, cluster.pk, *record, now, now))
        sql = f"COPY {through._meta.db_table} (member_id, chainlink_id) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            copy.set_types(["bigint", "bigint"])
            for member_id, links in zip(ids, outcome.links, strict=True):
                for link in links:
                    copy.write_row((member_id, link))


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database).")
    bench_url = recreate_database(url)
    media = tempfile.TemporaryDirectory(prefix="bench-import-")
    os.environ.update(DATABASE_URL=bench_url, MEDIA_ROOT=media.name, DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", verbosity=0)
        settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, args.rows)
        settings.IMPORT_MAX_FILE_SIZE = max(settings.IMPORT_MAX_FILE_SIZE, args.rows * 400)
        run(args)
    finally:
        connections.close_all()
        media.cleanup()
        if not args.keep:
            drop_database(url)


def import_once(cluster, data, rows):
    """Read, validate and commit the file into `cluster`, phase by phase: {phase: Timing}."""
    from django.db import transaction

    from clusters.imports import storage, validation
    from tenancy.spreadsheets import reading

    read, table = timed(lambda: reading.read_table("csv", data))
    validate, outcome = timed(lambda: validation.validate_members(table, cluster=cluster))
    assert not outcome.problems, outcome.report[:3]

    def write():
        with transaction.atomic():
            return storage.write_members(cluster=cluster, outcome=outcome)

    write, counts = timed(write)
    assert counts == (rows, 0), counts
    return {"read": read, "validate": validate, "write": write, "total": read + validate + write}


def run(args):
    from django.core.files.base import ContentFile
    from django.db import transaction

    from clusters.imports import job as import_job
    from clusters.imports import storage, validation
    from clusters.models import ImportJob, Member
    from tenancy.models import Organisation, Region
    from tenancy.scoping import system_scope
    from tenancy.spreadsheets import reading

    rows = args.rows
    with system_scope():
        body = Organisation.objects.create(
            kind="cluster_body", slug="bench-body", name="基准促进机构", region_id="320100"
        )
        regions = sorted(Region.objects.filter(code__startswith="32").values_list("code", flat=True))
        data = generate_csv(rows, regions)
        print(f"{rows:,} member rows, GBK CSV of {len(data) / 1e6:.1f} MB, {len(regions)} region codes", flush=True)

        # The baseline (COPY of the same rows, validated untimed) and the import, interleaved, each into a new cluster.
        baselines, imported = [], []
        for attempt in range(args.repeat):
            for what in ("copy", "import") if attempt % 2 == 0 else ("import", "copy"):
                cluster = make_cluster(f"基准集群-{what}-{attempt}", body)
                if what == "copy":
                    outcome = validation.validate_members(reading.read_table("csv", data), cluster=cluster)
                    assert not outcome.problems, outcome.report[:3]
                    timing, _ = timed(lambda cluster=cluster, outcome=outcome: copy_baseline(cluster, outcome))
                    baselines.append(timing)
                else:
                    imported.append(import_once(cluster, data, rows))
                seconds = (timing if what == "copy" else imported[-1]["total"]).seconds
                print(f"  run {attempt + 1}: {what} {seconds:.2f} s", flush=True)
                assert Member.objects.filter(cluster=cluster).count() == rows

        results = [("PostgreSQL COPY (baseline)", baselines)]
        for phase, label in (
            ("read", "import: read + decode GBK"),
            ("validate", "import: validate every row"),
            ("write", "import: write (COPY, one transaction)"),
            ("total", "import: validate + commit (total)"),
        ):
            results.append((label, [run[phase] for run in imported]))

        # The Celery job's body end to end (stored file, progress, report), then re-imports (every row matched).
        job_cluster = make_cluster("基准集群-任务", body)
        changed = generate_csv(rows, regions, seed=20250601)
        runs = (
            ("job: import_job_run, all new", data, (rows, 0)),
            ("job: re-import, figures changed", changed, (0, rows)),
            ("job: re-import, nothing changed", changed, (0, rows)),
        )
        for label, content, expected in runs:
            job = ImportJob(cluster=job_cluster, kind="members", dry_run=False, original_name="bench.csv")
            job.file.save("bench.csv", ContentFile(content), save=False)
            job.save()
            timing, _ = timed(lambda job=job: import_job.import_job_run(job=job))
            job.refresh_from_db()
            assert job.status == "succeeded", (job.status, job.message, job.report[:3], job.error[-2000:])
            assert (job.created_rows, job.updated_rows) == expected
            results.append((label, [timing]))

        if args.orm:
            orm_cluster = make_cluster("基准集群-ORM", body)
            outcome = validation.validate_members(reading.read_table("csv", data), cluster=orm_cluster)

            def write_orm():
                with transaction.atomic():
                    return storage.write_members(cluster=orm_cluster, outcome=outcome, method="orm")

            timing, _ = timed(write_orm)
            results.append(("ORM writer: bulk_create (write only)", [timing]))

    report(results, rows)


def report(results, rows):
    def best(timings):
        return min(timings, key=lambda timing: timing.seconds)

    def median(timings):
        return sorted(timing.seconds for timing in timings)[len(timings) // 2]

    def cpu(value):
        return "—" if value is None else f"{value:.2f}"

    copy_rate = rows / best(results[0][1]).seconds
    print()
    columns = ("rows", 7), ("best s", 7), ("median", 7), ("rows/s", 8), ("vs COPY", 7), ("CPU bench", 9), ("CPU pg", 7)
    print(f"{'step':<40} " + " ".join(f"{name:>{width}}" for name, width in columns))
    print("-" * 100)
    for label, timings in results:
        top = best(timings)
        rate = rows / top.seconds
        print(
            f"{label:<40} {rows:>7,} {top.seconds:>7.2f} {median(timings):>7.2f} {rate:>8,.0f} "
            f"{rate / copy_rate:>6.2f}× {cpu(top.client):>9} {cpu(top.server):>7}"
        )
    total = best(next(timings for label, timings in results if label.startswith("import: validate + commit")))
    rate = rows / total.seconds
    verdict = "meets" if rate >= BAR_ROWS_PER_SECOND else "MISSES"
    print(
        f"\nvalidate + commit (best of {len(results[0][1])}): {rate:,.0f} rows/s — {verdict} the bar of "
        f"{BAR_ROWS_PER_SECOND:,} rows/s; {rate / copy_rate:.2f}× the best COPY baseline"
    )


if __name__ == "__main__":
    main()
