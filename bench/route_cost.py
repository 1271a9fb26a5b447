"""CPU cost per request of every route of bench/load.py's mix, in process (issue 17, item 8).

    DATABASE_URL=postgres://… .venv/bin/python bench/route_cost.py [--requests 40] [--rounds 3]
        [--only page] [--profile "page members"] [--lines 30]

Uses the database a `bench/load.py --keep` run left (`<DATABASE_URL's name>_bench_load`, the demo plus a cluster
of `--scale` members) and the same routes, headers and settings (production settings, DEBUG off, persistent
connections), and calls the WSGI application that gunicorn runs directly, one request at a time. For each route
it prints the SQL queries and the Python function calls per request (a cProfile's count: the same on a busy machine
as on a quiet one) and the CPU ms per request of this process (Python: middleware, views,
templates, serializers) and of its PostgreSQL backend (read from /proc, so PostgreSQL must run on this machine),
the lowest of `--rounds` rounds. CPU time, unlike wall-clock latency, hardly moves when other processes share the
machine, so the figures compare routes and versions even on a busy machine. The last line is the mix: the mean
cost of one request when every route is requested equally often, as load.py's clients do; the CPU the mix needs
per second is that times the req/s. `--profile ROUTE` prints a cProfile (CPU time) of the routes whose name
contains ROUTE. The write routes write (a PATCH of a member, an export started and dropped from the queue).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import BASELINE, SETTINGS, bench_database_url, prepare, routes  # noqa: E402
from bench.member_list import cpu_seconds  # noqa: E402


def environ(method, path, headers, payload):
    target = urlsplit(path)
    payload = payload or b""
    extra = {}
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        extra[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": target.path,
        "QUERY_STRING": target.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "CONTENT_LENGTH": str(len(payload)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(payload),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **extra,
    }


class Caller:
    def __init__(self, application, table, seed=1):
        import random

        self.application, self.table, self.rng = application, table, random.Random(seed)

    def __call__(self, name):
        method, path, headers, payload = self.table[name]
        status = []
        response = self.application(
            environ(method, path(self.rng), headers, payload(self.rng) if payload else None),
            lambda code, _headers, *_: status.append(code),
        )
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()  # as a WSGI server does: request_finished (connection handling) runs here
        if status[0][:1] != "2":
            sys.exit(f"{name}: {status[0]}: {body[:300]!r}")
        return body


def backend_pid():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(call, name, requests):
    """(CPU ms of this process, CPU ms of its PostgreSQL backend, wall ms) per request, or None when the
    database connection changed underway."""
    backend = backend_pid()
    database, cpu, wall = cpu_seconds(backend), time.process_time(), time.perf_counter()
    for _ in range(requests):
        call(name)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if backend_pid() != backend:
        return None
    return cpu * 1000 / requests, (cpu_seconds(backend) - database) * 1000 / requests, wall * 1000 / requests


def queries(call, name):
    from django.db import connection, reset_queries

    connection.force_debug_cursor = True
    reset_queries()
    try:
        call(name)
        return len(connection.queries)
    finally:
        connection.force_debug_cursor = False


def python_calls(call, name, requests):
    """Python function calls per request (a cProfile's count): the work of a request in a unit that, unlike CPU
    time, does not change with what else runs on the machine."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call(name)
    profiler.disable()
    return pstats.Stats(profiler).total_calls // requests


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100_000, help="members of load.py's synthetic cluster")
    parser.add_argument("--requests", type=int, default=40, help="requests per route and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds through every route; the lowest is kept")
    parser.add_argument("--only", default="", help="measure only the routes whose name contains this")
    parser.add_argument("--profile", default="", help="cProfile the routes whose name contains this")
    parser.add_argument("--lines", type=int, default=30, help="lines of each cProfile listing")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("SECRET_KEY", "bench-load-key-" + "x" * 40)
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
    os.environ["DEBUG"] = "false"
    try:
        data = prepare(args.scale, reuse=True)
    except Exception as error:  # noqa: BLE001 - no kept database, or one of another scale
        sys.exit(f"no bench/load.py data of scale {args.scale} ({error!r}): run bench/load.py --keep first")

    from django.core.wsgi import get_wsgi_application

    table = routes(data)
    call = Caller(get_wsgi_application(), table)
    names = [name for name in table if args.only in name]
    counts = {}
    for name in names:
        for _ in range(3):
            call(name)  # warm: templates, caches, the connection
        counts[name] = queries(call, name)

    calls = {name: python_calls(call, name, 5) for name in names}
    best = {}
    for _ in range(args.rounds):
        for name in names:
            result = measure(call, name, args.requests)
            if result and (name not in best or sum(result[:2]) < sum(best[name][:2])):
                best[name] = result
    purge()

    print()
    print(f"CPU per request in process: demo + a cluster of {args.scale:,} members, {args.requests} requests × "
          f"{args.rounds} rounds, lowest round (load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    columns = ("queries", 7), ("calls", 7), ("CPU ms", 8), ("DB CPU ms", 9), ("both", 8), ("wall ms", 8), ("×base", 6)
    header = f"{'route':34} " + " ".join(f"{title:>{width}}" for title, width in columns)
    print(header)
    print("-" * len(header))
    base = sum(best[BASELINE][:2]) if BASELINE in best else None
    for name in names:
        cpu, database, wall = best[name]
        ratio = f"{(cpu + database) / base:6.2f}" if base else ""
        print(
            f"{name:34} {counts[name]:7d} {calls[name]:7d} {cpu:8.2f} {database:9.2f} {cpu + database:8.2f} "
            f"{wall:8.2f} {ratio}"
        )
    print("-" * len(header))
    mean = [sum(best[name][i] for name in names) / len(names) for i in range(3)]
    mean_calls = sum(calls.values()) // len(names)
    print(
        f"{'mean of the mix':34} {'':7} {mean_calls:7d} {mean[0]:8.2f} {mean[1]:9.2f} {mean[0] + mean[1]:8.2f} "
        f"{mean[2]:8.2f}"
    )

    for name in names if args.profile else []:
        if args.profile not in name:
            continue
        profiler = cProfile.Profile(time.process_time)  # CPU time, as the figures above
        profiler.enable()
        for _ in range(args.requests):
            call(name)
        profiler.disable()
        purge()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(args.lines)
        stats.sort_stats("tottime").print_stats(args.lines)
        print(f"\n=== cProfile of {name}, {args.requests} requests ===")
        print(out.getvalue())


def purge():
    """Drop the export tasks the write route queued, so that no later worker runs them."""
    from config.celery import app

    app.control.purge()


if __name__ == "__main__":
    main()
