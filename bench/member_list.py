"""Member list API against a bare Django view, under gunicorn.

    DATABASE_URL=postgres://… /work/main/.venv/bin/python bench/member_list.py [--scale 10000] [--duration 15]

Creates its own database (`<DATABASE_URL's name>_bench_members`, dropped afterwards unless --keep) with one
cluster of `--scale` members, starts gunicorn (2 sync workers, persistent database connections) with
`bench.member_list_server.settings`, and loads
    GET /api/v1/members/?cluster=<id>&limit=100        (token authentication, scoping, filters, DRF)
    GET /bench/members-baseline/?cluster=<id>&limit=100 (the same page from .values() with orjson, nothing else)
with 8 concurrent connections (wrk when installed, else Python threads over http.client), alternating the two
for `--rounds` rounds. Prints req/s, p50 and p99 of each (best round) and the ratio, and the server's CPU time per
request (gunicorn workers plus their PostgreSQL backends, read from /proc; lowest round), which other processes on
the machine disturb far less than req/s and latencies.
Target (issue 3): API ≥ 0.85× the baseline's req/s, and p99 ≤ 100 ms, on a quiet machine.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import databases  # noqa: E402

SETTINGS = "bench.member_list_server.settings"
PYTHON_BIN = Path(sys.executable).parent


def bench_database_url():
    return databases.bench_database_url("bench_members", "bench/member_list.py")


def prepare(scale: int) -> tuple[int, str]:
    """Migrate the bench database and (re)create one cluster with `scale` members; returns (cluster id, token)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled
    from stdnum.cn import uscc

    from clusters.models import ChainLink, Cluster, ClusterRegion, Member
    from tenancy.accounts.services import api_token_create
    from tenancy.models import Membership, Organisation

    call_command("ensure_database")
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        from django.contrib.auth import get_user_model

        body, _ = Organisation.objects.get_or_create(
            slug="bench-body", defaults={"kind": "cluster_body", "name": "基准促进机构", "region_id": "320100"}
        )
        user, _ = get_user_model().objects.get_or_create(username="bench-body")
        Membership.objects.get_or_create(user=user, defaults={"organisation": body, "role": "editor"})
        _token, key = api_token_create(user=user, name="bench")
        Cluster.objects.filter(promotion_body=body).delete()
        cluster = Cluster.objects.create(name="基准集群", field_id="high_end_equipment", promotion_body=body)
        ClusterRegion.objects.create(cluster=cluster, region_id="320100")
        links = ChainLink.objects.bulk_create(
            ChainLink(cluster=cluster, name=f"环节{i}", segment="midstream", position=i) for i in range(9)
        )
        started = time.perf_counter()
        members = []
        for i in range(scale):
            code = f"91320100{i:09d}"
            members.append(
                Member(
                    cluster=cluster,
                    name=f"成员企业{(i * 7919) % scale:06d}",
                    name_en=f"Member {i}",
                    credit_code=code + uscc.calc_check_digit(code),
                    size_class=("large", "medium", "small", "micro")[i % 4],
                    is_leading=i % 97 == 0,
                    is_little_giant=i % 13 == 0,
                    region_id="320100" if i % 5 else "440300",
                    is_local=bool(i % 5),
                    revenue=i * 10.5,
                    employees=i % 5000,
                    rd_spend=i * 0.7,
                    patents=i % 300,
                )
            )
        members = Member.objects.bulk_create(members, batch_size=2000)
        through = Member.chain_links.through
        through.objects.bulk_create(
            (through(member_id=m.pk, chainlink_id=links[i % 9].pk) for i, m in enumerate(members)), batch_size=5000
        )
        through.objects.bulk_create(
            (through(member_id=m.pk, chainlink_id=links[(i + 4) % 9].pk) for i, m in enumerate(members) if i % 3 == 0),
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would: index-only COUNTs need the visibility map
        print(f"data: 1 cluster, {scale} members, 9 chain links ({time.perf_counter() - started:.1f} s)")
        return cluster.pk, key


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU time of a process so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def server_pids(server_pid):
    """The gunicorn workers (children of the arbiter) and the PostgreSQL backends serving the bench database."""
    from django.db import connection

    workers = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == server_pid:
                        workers.append(int(entry))
            except OSError:
                pass
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        backends = [pid for (pid,) in cursor.fetchall()]
    return workers, backends


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port, path, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if get(port, path, {})[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not come up")


def load_with_wrk(port, path, headers, connections, duration):
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *header_args]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{path}: {errors.group(1)} failed responses\n{output}")

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return rate, latency(50), latency(99), requests


def load_with_threads(port, path, headers, connections, duration):
    latencies, failures, lock = [], [], threading.Lock()
    stop = time.perf_counter() + duration

    def worker():
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status, _ = get(port, path, headers)  # a sync worker closes every connection anyway
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failures.append(status)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"{path}: {len(failures)} failed responses")
    latencies.sort()
    count = len(latencies)
    return count / elapsed, latencies[count // 2], latencies[int(count * 0.99)], count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10_000, help="members in the cluster (default 10000)")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per target and round")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; the best of each is kept")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=100, help="page size")
    parser.add_argument("--threads", action="store_true", help="use the Python load generator even if wrk exists")
    parser.add_argument("--keep", action="store_true", help="keep the bench database (for member_list_profile --reuse)")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    try:
        run(args)
    finally:
        if not args.keep:
            databases.drop_bench_database()


def run(args):
    cluster, token = prepare(args.scale)

    port = free_port()
    server = subprocess.Popen(
        [
            str(PYTHON_BIN / "gunicorn"),
            "config.wsgi:application",
            f"--workers={args.workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    targets = {
        "bare view, .values() + orjson": (f"/bench/members-baseline/?cluster={cluster}&limit={args.limit}", {}),
        "GET /api/v1/members/ (DRF)": (
            f"/api/v1/members/?cluster={cluster}&limit={args.limit}",
            {"Authorization": f"Token {token}"},
        ),
    }
    load = load_with_threads if args.threads or not shutil.which("wrk") else load_with_wrk
    try:
        baseline_path = next(iter(targets.values()))[0]
        wait_until_up(port, baseline_path)
        pages = {}
        for name, (path, headers) in targets.items():
            status, body = get(port, path, headers)
            if status != 200:
                sys.exit(f"{name}: HTTP {status}: {body[:300]!r}")
            pages[name] = body
            load(port, path, headers, args.connections, 2)  # warm both workers and their connections
        import json

        baseline_page, api_page = (json.loads(body) for body in pages.values())
        same = [row["id"] for row in baseline_page["results"]] == [row["id"] for row in api_page["results"]]
        if not same or baseline_page["count"] != api_page["count"] or len(api_page["results"]) != args.limit:
            sys.exit("the two views do not return the same page")

        best, cpu = {}, {}
        for round_number in range(args.rounds):
            for name, (path, headers) in targets.items():
                workers, backends = server_pids(server.pid)
                before = {pid: cpu_seconds(pid) for pid in workers + backends}
                started = time.process_time()  # the load generator's own CPU (threads; wrk runs apart)
                result = load(port, path, headers, args.connections, args.duration)
                client_ms = (time.process_time() - started) * 1000 / result[3]
                after_workers, after_backends = server_pids(server.pid)
                if set(after_workers + after_backends) != set(before):
                    print(f"round {round_number + 1}: {name}: the server's processes changed, CPU not counted")
                    server_ms = None
                else:
                    used = {pid: cpu_seconds(pid) - start for pid, start in before.items()}
                    server_ms = sum(used.values()) * 1000 / result[3]
                    database_ms = sum(used[pid] for pid in backends) * 1000 / result[3]
                    if name not in cpu or server_ms < cpu[name][0]:
                        cpu[name] = (server_ms, database_ms)
                print(
                    f"round {round_number + 1}: {name:32} {result[0]:8.1f} req/s  p50 {result[1]:6.1f} ms  "
                    f"p99 {result[2]:6.1f} ms"
                    + ("" if server_ms is None else f"  server CPU {server_ms:5.2f} ms/request")
                    + (f", client {client_ms:4.2f}" if load is load_with_threads else "")
                )
                if name not in best or result[0] > best[name][0]:
                    best[name] = result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    (base_name, base), (api_name, api) = best.items()
    ratio = api[0] / base[0]
    print()
    print(
        f"Member list, page of {args.limit} of {args.scale} members; gunicorn {args.workers} sync workers, "
        f"{args.connections} connections, CONN_MAX_AGE=600, load by {load.__name__.removeprefix('load_with_')}, "
        f"{args.duration} s × {args.rounds} rounds (best)"
    )
    print(f"{'':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} {'of it DB':>9}")
    for name, (rate, p50, p99, _count) in best.items():
        server_ms, database_ms = cpu.get(name, (float("nan"), float("nan")))
        print(f"{name:34} {rate:9.1f} {p50:8.1f} {p99:8.1f} {server_ms:11.2f} {database_ms:9.2f}")
    print(f"{'ratio API / bare view':34} {ratio:8.2f}×")
    if len(cpu) == 2:
        (base_cpu, _), (api_cpu, _) = cpu.values()
        print(f"{'CPU ratio bare view / API':34} {base_cpu / api_cpu:8.2f}×  (req/s the CPU allows, load-independent)")
    verdict = "met" if ratio >= 0.85 and api[2] <= 100 else "NOT met"
    print(f"target ≥ 0.85× and p99 ≤ 100 ms: {verdict} (meaningful on a quiet machine only)")


if __name__ == "__main__":
    main()
