"""Global search at scale: GET /api/v1/search/?q=… as the ministry and as a cluster body, over 1,000,000 members.

    DATABASE_URL=postgres://… .venv/bin/python bench/search.py [--scale 1000000] [--requests 100] [--keep | --reuse]

Creates its own database (`<DATABASE_URL's name>_bench_search`; dropped afterwards unless --keep, and --reuse
takes the kept one as it is) with `--scale` members in clusters of 5,000 (the bench body promotes two of them),
2,000 policies and a plan per cluster, written with COPY (members) and bulk inserts, then the GIN index. Member
names are built from a pool of 40 characters (1,560 two-character trade names × cities × industry words × company
forms), so 南瑞 is one trade name among many and 科技 is in a fifth of all names.

Each request goes through the WSGI application in process (token authentication, scoping, every search kind,
serialisation), one at a time. Prints p50 and p95 per query and role, and, measured in the same run, two baselines:
a bare lookup of one member by its credit code on the unique index (SQL, no Django) and GET /api/v1/me/ (the
API's floor: authentication and a response, no search). The bar (issue 14): p95 ≤ 100 ms for every query and role.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402
from bench.member_list import cpu_seconds  # noqa: E402
from bench.member_list_profile import call  # noqa: E402

SETTINGS = "bench.member_list_server.settings"
CLUSTER_SIZE = 5000
BODY_CLUSTERS = 2
POLICIES = 2000

# Trade-name characters and their pinyin: two of them make a trade name (南瑞 Nanrui).
CHARACTERS = [
    "华hua",
    "南nan",
    "瑞rui",
    "国guo",
    "电dian",
    "中zhong",
    "兴xing",
    "海hai",
    "天tian",
    "科ke",
    "信xin",
    "达da",
    "通tong",
    "明ming",
    "光guang",
    "新xin",
    "金jin",
    "宏hong",
    "博bo",
    "创chuang",
    "远yuan",
    "恒heng",
    "飞fei",
    "龙long",
    "泰tai",
    "安an",
    "德de",
    "美mei",
    "力li",
    "合he",
    "正zheng",
    "源yuan",
    "智zhi",
    "航hang",
    "星xing",
    "东dong",
    "汇hui",
    "川chuan",
    "嘉jia",
    "鼎ding",
]
CITIES = [
    ("南京", "Nanjing"),
    ("苏州", "Suzhou"),
    ("无锡", "Wuxi"),
    ("深圳", "Shenzhen"),
    ("东莞", "Dongguan"),
    ("杭州", "Hangzhou"),
    ("合肥", "Hefei"),
    ("长沙", "Changsha"),
    ("温州", "Wenzhou"),
    ("佛山", "Foshan"),
]
INDUSTRIES = [
    ("科技", "Technology"),
    ("电气", "Electric"),
    ("机械", "Machinery"),
    ("电子", "Electronics"),
    ("材料", "Materials"),
    ("智能装备", "Intelligent Equipment"),
    ("通信", "Communications"),
    ("软件", "Software"),
    ("新能源", "New Energy"),
    ("精密制造", "Precision Manufacturing"),
]
FORMS = [("有限公司", "Co., Ltd."), ("股份有限公司", "Corporation"), ("集团有限公司", "Group")]

QUERIES = {
    "2-char Chinese (南瑞)": "南瑞",
    "2-char Chinese, broad (科技)": "科技",
    "longer Chinese (南京南瑞科技)": "南京南瑞科技",
    "credit code (18 chars)": None,  # a member of the body's first cluster, chosen after seeding
    "Latin word (nanrui)": "nanrui",
    "miss (不存在的企业)": "不存在的企业",
}


def trade_names():
    pairs = [(a, b) for a in CHARACTERS for b in CHARACTERS if a != b]
    return [(a[0] + b[0], (a[1:] + b[1:]).capitalize()) for a, b in pairs]


def credit_code(serial):
    from stdnum.cn import uscc

    base = f"913201{serial:011d}"
    return base + uscc.calc_check_digit(base)


def member_rows(cluster_ids, scale, now):
    from tenancy.search.tokens import document_tokens

    names, rng = trade_names(), random.Random(14)
    for serial in range(scale):
        trade, trade_en = names[rng.randrange(len(names))]
        city, city_en = CITIES[rng.randrange(len(CITIES))]
        industry, industry_en = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
        form, form_en = FORMS[rng.randrange(len(FORMS))]
        name = f"{city}{trade}{industry}{form}"[:200]
        name_en = f"{city_en} {trade_en} {industry_en} {form_en}"
        code = credit_code(serial)
        yield (
            cluster_ids[serial // CLUSTER_SIZE],
            "enterprise",
            name,
            name_en,
            code,
            "",
            ("large", "medium", "small")[serial % 3],
            serial % 97 == 0,
            False,
            serial % 13 == 0,
            False,
            serial % 7 == 0,
            serial % 5 != 0,
            now,
            now,
            document_tokens(name, name_en, code),
        )


def seed(scale):
    """Migrate the bench database and write its rows; returns nothing (the data is read back by `facts`)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from clusters.models import Cluster, ClusterRegion
    from policies.models import CultivationPlan, Policy
    from tenancy.models import Membership, Organisation
    from tenancy.scoping import system_scope
    from tenancy.search import fill
    from tenancy.search.backends import vector_sql

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with system_scope():
        ministry = Organisation.objects.create(kind="national", slug="bench-ministry", name="基准部委")
        body = Organisation.objects.create(
            kind="cluster_body", slug="bench-body", name="基准促进机构", region_id="320100"
        )
        other = Organisation.objects.create(
            kind="cluster_body", slug="bench-other", name="其他促进机构", region_id="320500"
        )
        for username, organisation in (("bench-ministry", ministry), ("bench-body", body)):
            user = get_user_model().objects.create_user(username)
            Membership.objects.create(user=user, organisation=organisation, role="viewer")
        count = -(-scale // CLUSTER_SIZE)
        clusters = Cluster.objects.bulk_create(
            fill(
                Cluster(
                    name=f"基准{CITIES[i % len(CITIES)][0]}产业集群{i:04d}",
                    name_en=f"Bench {CITIES[i % len(CITIES)][1]} cluster {i}",
                    field_id="high_end_equipment",
                    promotion_body=body if i < BODY_CLUSTERS else other,
                    tier="national",
                )
                for i in range(count)
            )
        )
        ClusterRegion.objects.bulk_create(ClusterRegion(cluster=c, region_id="320100", position=0) for c in clusters)
        now = timezone.now()
        columns = [
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
            "search_tokens",
        ]
        with connection.cursor() as cursor:
            create, drop = vector_sql("clusters_member")
            for statement in drop:  # COPY first, then the generated column and its index at once
                cursor.execute(statement)
            with cursor.cursor.copy(f"COPY clusters_member ({', '.join(columns)}) FROM STDIN") as copy:
                for row in member_rows([c.pk for c in clusters], scale, now):
                    copy.write_row(row)
            print(f"members written ({time.perf_counter() - started:.0f} s)", flush=True)
            for statement in create:
                cursor.execute(statement)
        print(f"search index built ({time.perf_counter() - started:.0f} s)", flush=True)
        rng, names = random.Random(7), trade_names()
        policies = []
        for i in range(POLICIES):
            trade = names[rng.randrange(len(names))][0]
            industry = INDUSTRIES[i % len(INDUSTRIES)][0]
            policies.append(
                Policy(
                    issuer=ministry,
                    level="national",
                    status="published",
                    issued_on=now.date(),
                    title=f"关于支持{industry}产业集群发展的若干措施（第{i}号）",
                    document_number=f"工信部规〔{2015 + i % 10}〕{i}号",
                    text=f"鼓励{trade}等链主企业牵头，推动{industry}集群创新发展。" * 20,
                )
            )
        Policy.objects.bulk_create(fill(policies), batch_size=500)
        CultivationPlan.objects.bulk_create(
            fill(
                CultivationPlan(cluster=c, title=f"{c.name}培育提升方案", period_start=2024, period_end=2028, version=1)
                for c in clusters
            ),
            batch_size=500,
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"data: {scale} members in {count} clusters, {POLICIES} policies ({time.perf_counter() - started:.0f} s)")


def facts():
    """(ministry token, body token, a credit code of the body's first cluster, that cluster's id)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from clusters.models import Cluster, Member
    from tenancy.accounts.services import api_token_create
    from tenancy.scoping import system_scope

    with system_scope():
        users = get_user_model().objects
        ministry = api_token_create(user=users.get(username="bench-ministry"), name="bench")[1]
        body = api_token_create(user=users.get(username="bench-body"), name="bench")[1]
        cluster = Cluster.objects.filter(promotion_body__slug="bench-body").order_by("pk").first()
        code = Member.objects.filter(cluster=cluster).order_by("pk").values_list("credit_code", flat=True)[1234]
    return ministry, body, code, cluster.pk


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def timed(function, requests):
    """(p50, p95) of wall ms, and the mean CPU ms per call of this process plus its PostgreSQL backend (from /proc:
    other processes on a loaded machine stretch the wall time far more than the CPU time)."""
    from bench.member_list_profile import backend_pid

    backend = backend_pid()
    samples, cpu, database = [], time.process_time(), cpu_seconds(backend)
    for _ in range(requests):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu + cpu_seconds(backend) - database) * 1000 / requests
    return (*percentiles(samples), cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per query and role")
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument("--keep", action="store_true", help="keep the database for --reuse")
    keep.add_argument("--reuse", action="store_true", help="reuse the kept database as it is")
    args = parser.parse_args()

    url = databases.bench_database_url("bench_search", "bench/search.py")
    name = url.rsplit("/", 1)[1]
    if not args.reuse:
        databases.recreate_database(databases.server_urls(name)[1], name)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    try:
        if not args.reuse:
            seed(args.scale)
        run(args)
    finally:
        if not (args.keep or args.reuse):
            databases.drop_bench_database()


def run(args):
    ministry, body, code, cluster = facts()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from clusters.models import Member

    application = get_wsgi_application()
    members = connection.cursor()
    members.execute("SELECT count(*) FROM clusters_member")
    total = members.fetchone()[0]
    roles = {"ministry": {"Authorization": f"Token {ministry}"}, "cluster body": {"Authorization": f"Token {body}"}}
    queries = {label: text or code for label, text in QUERIES.items()}

    def lookup():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, name FROM {Member._meta.db_table} WHERE cluster_id = %s AND credit_code = %s",
                [cluster, code],
            )
            cursor.fetchall()

    for _ in range(20):  # warm: connections, caches, the first token use
        lookup()
        for headers in roles.values():
            call(application, "/api/v1/me/", headers)
            for text in queries.values():
                call(application, f"/api/v1/search/?q={quote(text)}", headers)

    results = [("baseline: member by credit code, unique index", "—", *timed(lookup, args.requests * 3))]
    for role, headers in roles.items():
        results.append(
            (
                "baseline: GET /api/v1/me/",
                role,
                *timed(lambda h=headers: call(application, "/api/v1/me/", h), args.requests),
            )
        )
    found = {}
    for label, text in queries.items():
        for role, headers in roles.items():
            path = f"/api/v1/search/?q={quote(text)}"
            results.append(
                (f"search: {label}", role, *timed(lambda p=path, h=headers: call(application, p, h), args.requests))
            )
            groups = json.loads(call(application, path, headers))["groups"]
            found[(label, role)] = (
                ", ".join(f"{g['kind']} {g['found']}{'+' if g['broad'] else ''}" for g in groups) or "—"
            )

    print()
    print(f"Global search, {total:,} members, {args.requests} requests per row, one at a time, in process (ms)")
    print(f"{'':52} {'role':13} {'p50':>7} {'p95':>7} {'CPU':>6}  found (per kind, at most 200 ranked)")
    worst = 0.0
    for label, role, p50, p95, cpu in results:
        extra = found.get((label.removeprefix("search: "), role), "")
        print(f"{label:52} {role:13} {p50:7.1f} {p95:7.1f} {cpu:6.1f}  {extra}")
        if label.startswith("search:"):
            worst = max(worst, p95)
    print(f"\nslowest search p95: {worst:.1f} ms — bar p95 ≤ 100 ms: {'met' if worst <= 100 else 'NOT met'}")
    print("CPU: mean CPU ms per request of this process and its PostgreSQL backend")
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
