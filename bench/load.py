"""The product as in production under a mixed workload (issue 17, item 8).

    DATABASE_URL=postgres://… /work/main/.venv/bin/python bench/load.py [--scale 100000] [--duration 60]

Creates its own database (`<DATABASE_URL's name>_bench_load`, dropped afterwards unless --keep; --reuse takes the
kept one) with the demo data (`seed_demo`) plus a synthetic cluster of `--scale` members (`seed_demo --scale`),
then starts what docker-compose ships: gunicorn with 3 sync workers and a Celery worker, on the shipped settings
(`config.settings`, DEBUG off, persistent connections with health checks) over plain HTTP (the bench settings
add only the baseline view and turn the HTTPS redirect off).

`--connections` clients (32) each run through the routes below in a shuffled order for `--duration` seconds:
API lists, a member search, detail records, HTML pages (a signed-in session), exports and a write, as the
ministry and the synthetic cluster's body, next to a bare `.values()` + orjson page of the same members with no
authentication, scoping or DRF (the baseline). Prints per route: requests, req/s, p50, p99, errors, and p50
against the baseline's. Bars (2-core machine): 0 errors, p99 ≤ 500 ms on every read route.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import databases  # noqa: E402
from bench.member_list import cpu_seconds, free_port, server_pids, wait_until_up  # noqa: E402

SETTINGS = "bench.member_list_server.settings"
PYTHON_BIN = Path(sys.executable).parent
BASELINE = "bare .values() + orjson (baseline)"


def bench_database_url():
    return databases.bench_database_url("bench_load", "bench/load.py")


def prepare(scale: int, reuse: bool) -> dict:
    """The data (unless reused) and what the routes need: ids, tokens, a session, a search term."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.core.management import call_command
    from django.db import connection

    from clusters.models import Cluster, Member
    from tenancy.accounts.services import api_token_create
    from tenancy.models import Membership
    from tenancy.scoping import system_scope

    call_command("ensure_database")
    call_command("migrate", verbosity=0)  # a reused database gains the migrations added since it was made
    if not reuse:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", verbosity=0, stdout=quiet)
            call_command("seed_demo", "--scale", str(scale), verbosity=0, stdout=quiet)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would
        print(f"data: demo + a cluster of {scale} members ({time.perf_counter() - started:.0f} s)")
    with system_scope():
        users = get_user_model().objects
        big = Cluster.objects.get(name=f"基准测试集群（{scale}）")
        ministry, (body, _created) = users.get(username="ministry"), users.get_or_create(username="bench-body")
        Membership.objects.get_or_create(user=body, defaults={"organisation": big.promotion_body, "role": "editor"})
        demo = Cluster.objects.exclude(pk=big.pk).filter(tier=Cluster.Tier.NATIONAL).order_by("pk").first()
        members = list(
            Member.objects.filter(cluster=big).order_by("pk").values_list("pk", "name")[:: max(scale // 50, 1)]
        )
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(ministry.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = ministry.get_session_auth_hash()
        store.create()
        # A finished export of the demo cluster's indicator values, for the download route.
        from tenancy.exports.services import export_run, export_start

        export = export_start(key="clusters.observations", file_format="xlsx", target=demo.pk, by=ministry)
        export_run(job=export)
        return {
            "scale": scale,
            "big": big.pk,
            "demo": demo.pk,
            "members": [pk for pk, _name in members],
            "term": members[len(members) // 2][1][-4:],  # four characters of one member's name
            "ministry": api_token_create(user=ministry, name="bench")[1],
            "body": api_token_create(user=body, name="bench")[1],
            "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
            "export": export.pk,
        }


def routes(data) -> dict:
    """name -> (method, path-maker, headers, body-maker); path and body makers take a random.Random."""
    ministry = {"Authorization": f"Token {data['ministry']}"}
    body = {"Authorization": f"Token {data['body']}", "Content-Type": "application/json"}
    page = {"Cookie": data["cookie"]}
    big, demo, members, term = data["big"], data["demo"], data["members"], data["term"]
    size = f"{data['scale'] // 1000}k" if data["scale"] >= 1000 else str(data["scale"])
    from urllib.parse import quote

    def fixed(path):
        return lambda rng: path

    return {
        BASELINE: ("GET", fixed(f"/bench/members-baseline/?cluster={big}&limit=50"), {}, None),
        "API clusters": ("GET", fixed("/api/v1/clusters/"), ministry, None),
        f"API members ({size} cluster)": ("GET", fixed(f"/api/v1/members/?cluster={big}&limit=50"), ministry, None),
        "API member search": (
            "GET",
            fixed(f"/api/v1/members/?cluster={big}&search={quote(term)}&limit=50"),
            ministry,
            None,
        ),
        "API member detail": ("GET", lambda rng: f"/api/v1/members/{rng.choice(members)}/", ministry, None),
        "API cluster detail": ("GET", fixed(f"/api/v1/clusters/{demo}/"), ministry, None),
        "API policies": ("GET", fixed("/api/v1/policies/"), ministry, None),
        "API observations": ("GET", fixed(f"/api/v1/observations/?cluster={demo}"), ministry, None),
        "page cluster": ("GET", fixed(f"/clusters/{demo}/"), page, None),
        f"page members ({size} cluster)": ("GET", fixed(f"/clusters/{big}/members/"), page, None),
        "page member search": ("GET", fixed(f"/clusters/{big}/members/?q={quote(term)}"), page, None),
        "page plans": ("GET", fixed("/plans/"), page, None),
        "export download (xlsx)": ("GET", fixed(f"/api/v1/exports/{data['export']}/file/"), ministry, None),
        "write: start an export": (
            "POST",
            fixed("/api/v1/exports/"),
            {**ministry, "Content-Type": "application/json"},
            lambda rng: json.dumps({"key": "clusters.observations", "file_format": "xlsx", "target": demo}).encode(),
        ),
        "write: PATCH member": (
            "PATCH",
            lambda rng: f"/api/v1/members/{rng.choice(members)}/",
            body,
            lambda rng: json.dumps({"employees": rng.randint(10, 5000)}).encode(),
        ),
    }


async def request(port, method, path, headers, payload):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if payload is not None:
            lines.append(f"Content-Length: {len(payload)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (payload or b""))
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the body, to the close
        return int(status_line.split()[1])
    finally:
        writer.close()


async def drive(port, table, connections, duration, seed):
    """`connections` clients, each through every route in its own shuffled order, until the time is up."""
    results = {name: [] for name in table}
    errors = {name: [] for name in table}
    stop = time.perf_counter() + duration

    async def client(number):
        rng = random.Random(seed * 1000 + number)
        names = list(table)
        while time.perf_counter() < stop:
            rng.shuffle(names)
            for name in names:
                method, path, headers, payload = table[name]
                started = time.perf_counter()
                try:
                    status = await request(port, method, path(rng), headers, payload(rng) if payload else None)
                except OSError as error:
                    status = repr(error)
                elapsed = (time.perf_counter() - started) * 1000
                if isinstance(status, int) and 200 <= status < 300:
                    results[name].append(elapsed)
                else:
                    errors[name].append(status)
                if time.perf_counter() >= stop:
                    break

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(connections)))
    return results, errors, time.perf_counter() - started


def processes_of(server_pid, worker_pid) -> dict:
    """Where the CPU goes: the gunicorn workers, the Celery worker's processes, their PostgreSQL backends and this
    load generator, by pid (read from /proc; PostgreSQL must run on this machine)."""
    gunicorn, backends = server_pids(server_pid)
    celery = [worker_pid, *server_pids(worker_pid)[0]]
    return {"gunicorn": gunicorn, "celery": celery, "PostgreSQL": backends, "load generator": [os.getpid()]}


def percentile(values, share):
    values = sorted(values)
    return values[min(int(len(values) * share), len(values) - 1)] if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100_000, help="members of the synthetic cluster")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (docker-compose ships 3)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="reuse the database a --keep run left")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("SECRET_KEY", "bench-load-key-" + "x" * 40)
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
    os.environ["DEBUG"] = "false"
    try:
        run(args)
    finally:
        if not args.keep:
            databases.drop_bench_database()


def run(args):
    data = prepare(args.scale, args.reuse)
    from django.db import connections

    connections.close_all()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [str(PYTHON_BIN / "gunicorn"), "config.wsgi:application", f"--workers={args.workers}", "--timeout=60",
         f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(PYTHON_BIN / "celery"), "-A", "config", "worker", "--concurrency=1", "--loglevel=WARNING"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    table = routes(data)
    try:
        wait_until_up(port, table[BASELINE][1](None))
        asyncio.run(drive(port, table, 4, 5, seed=0))  # warm every worker, connection and cache
        load_before = os.getloadavg()[0]
        processes = processes_of(server.pid, worker.pid)
        cpu_before = {name: sum(map(cpu_seconds, pids)) for name, pids in processes.items()}
        results, errors, elapsed = asyncio.run(drive(port, table, args.connections, args.duration, seed=1))
        cpu_used = {name: sum(map(cpu_seconds, pids)) - cpu_before[name] for name, pids in processes.items()}
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            process.wait(timeout=60)

    base_p50 = percentile(results[BASELINE], 0.5)
    print()
    print(
        f"Mixed workload: demo data + a cluster of {args.scale:,} members; gunicorn {args.workers} sync workers + a "
        f"Celery worker; {args.connections} connections for {args.duration} s ({os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before)"
    )
    header = f"{'route':34} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'p50 ×base':>9}"
    print(header)
    print("-" * len(header))
    total = 0
    for name in table:
        done, failed = results[name], errors[name]
        total += len(done) + len(failed)
        p50, p99 = percentile(done, 0.5), percentile(done, 0.99)
        print(
            f"{name:34} {len(done):8d} {len(done) / elapsed:7.1f} {p50:8.1f} {p99:8.1f} {len(failed):6d} "
            f"{p50 / base_p50:9.2f}"
        )
    print("-" * len(header))
    print(f"{'all routes':34} {total:8d} {total / elapsed:7.1f}")
    print(
        "CPU per request (ms): "
        + ", ".join(f"{name} {seconds * 1000 / max(total, 1):.1f}" for name, seconds in cpu_used.items())
        + f"; all {sum(cpu_used.values()) * 1000 / max(total, 1):.1f} ms, "
        f"{sum(cpu_used.values()) / elapsed:.2f} of {os.cpu_count()} CPUs busy with the bench"
    )
    failures = {name: sorted(set(map(str, failed)))[:3] for name, failed in errors.items() if failed}
    if failures:
        print(f"errors: {failures}")
    slow = [n for n in table if n != BASELINE and not n.startswith("write") and percentile(results[n], 0.99) > 500]
    print(f"bars: errors {'0' if not failures else 'MISSED'}; p99 ≤ 500 ms on reads {slow or 'met'}")


if __name__ == "__main__":
    main()
