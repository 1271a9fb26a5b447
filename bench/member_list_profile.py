"""CPU cost of one member-list request, in process: the WSGI application that gunicorn runs (every middleware,
token authentication, scoping, filters, DRF), called directly, so the figures do not depend on a load generator
or on other processes sharing the machine.

    DATABASE_URL=postgres://… .venv/bin/python bench/member_list_profile.py [--requests 300] [--profile 25]

Uses bench/member_list.py's database (created with its data when missing). Prints CPU ms per request of this
process and of its PostgreSQL backend (read from /proc, so PostgreSQL must run on this machine) and wall ms, for the
bare view and the API, the SQL each one runs, and optionally the top functions of a cProfile of the API
(`--profile N` lines, cumulative and own time).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.member_list import SETTINGS, bench_database_url, cpu_seconds, prepare  # noqa: E402


def environ(path, headers):
    target, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }


def call(application, path, headers):
    status = []
    body = b"".join(application(environ(path, headers), lambda code, _headers, *_: status.append(code)))
    if not status[0].startswith("200"):
        sys.exit(f"{path}: {status[0]}: {body[:300]!r}")
    return body


def backend_pid():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(application, path, headers, requests):
    """(CPU ms of this process, CPU ms of its PostgreSQL backend, wall ms) per request."""
    backend = backend_pid()
    database, cpu, wall = cpu_seconds(backend), time.process_time(), time.perf_counter()
    for _ in range(requests):
        call(application, path, headers)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if backend_pid() != backend:
        sys.exit("the database connection changed during the measurement")
    return cpu * 1000 / requests, (cpu_seconds(backend) - database) * 1000 / requests, wall * 1000 / requests


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the lowest CPU time is kept")
    parser.add_argument("--profile", type=int, default=0, help="print this many lines of a cProfile of the API")
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database's cluster if it exists")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    cluster, token = existing(args.scale) if args.reuse else (None, None)
    if cluster is None:
        cluster, token = prepare(args.scale)

    from django.core.wsgi import get_wsgi_application
    from django.db import connection, reset_queries

    application = get_wsgi_application()
    targets = {
        "bare view, .values() + orjson": (f"/bench/members-baseline/?cluster={cluster}&limit={args.limit}", {}),
        "GET /api/v1/members/ (DRF)": (
            f"/api/v1/members/?cluster={cluster}&limit={args.limit}",
            {"Authorization": f"Token {token}"},
        ),
    }
    for name, (path, headers) in targets.items():
        call(application, path, headers)
        connection.force_debug_cursor = True
        reset_queries()
        call(application, path, headers)
        connection.force_debug_cursor = False
        print(f"{name}: {len(connection.queries)} queries")
        for query in connection.queries:
            print(f"  {query['time']} s  {query['sql'][:400]}")
        measure(application, path, headers, 20)  # warm

    best = {}
    for _ in range(args.rounds):
        for name, (path, headers) in targets.items():
            result = measure(application, path, headers, args.requests)
            if name not in best or result[0] + result[1] < best[name][0] + best[name][1]:
                best[name] = result
    print()
    print(f"Member list in process, page of {args.limit} of {args.scale}, {args.requests} requests × {args.rounds}")
    print(f"{'':34} {'CPU ms':>8} {'DB CPU ms':>10} {'both':>8} {'wall ms':>8}")
    for name, (cpu, database, wall) in best.items():
        print(f"{name:34} {cpu:8.2f} {database:10.2f} {cpu + database:8.2f} {wall:8.2f}")
    (_, (base_cpu, base_db, _)), (_, (api_cpu, api_db, _)) = best.items()
    print(
        f"{'CPU ratio bare view / API':34} {base_cpu / api_cpu:8.2f}× {base_db / api_db:9.2f}× "
        f"{(base_cpu + base_db) / (api_cpu + api_db):7.2f}×"
    )

    if args.profile:
        path, headers = targets["GET /api/v1/members/ (DRF)"]
        profiler = cProfile.Profile(time.process_time)  # CPU time, as the figures above
        profiler.enable()
        for _ in range(args.requests):
            call(application, path, headers)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)
        print(out.getvalue())


def existing(scale):
    """(cluster id, token) of bench/member_list.py's data when it is already there with `scale` members."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.utils import DatabaseError
    from django_scopes import scopes_disabled

    from clusters.models import Cluster
    from tenancy.accounts.services import api_token_create

    try:
        with scopes_disabled():
            cluster = Cluster.objects.filter(promotion_body__slug="bench-body").first()
            if cluster is None or cluster.members.count() != scale:
                return None, None
            body = get_user_model().objects.get(username="bench-body")
            return cluster.pk, api_token_create(user=body, name="bench")[1]
    except DatabaseError:
        return None, None


if __name__ == "__main__":
    main()
