"""Concurrent imports on `make run`'s SQLite never answer 500 (issue 17, item 3): the product served as the Makefile
serves it (runserver, threaded; a SQLite file with a 20 s lock timeout and IMMEDIATE transactions; Celery tasks run
in the request), two imports posted at the same instant from two threads, each over its own connection. Each answer
is 202 with a job that ran to its end, or 409 "busy, try again" in the reader's language; after a retry of every
409, every row is there exactly once. No mock: real processes, a real file, real locks."""

import json
import threading
import time

import pytest
import requests

from .builders import embedded
from .builders.imports_files import member_row, members_csv

pytestmark = pytest.mark.slow

BUSY = {"en": "The database is busy; try again in a moment.", "zh-hans": "数据库正忙，请稍后重试。"}
ACCEPT = {"en": "en", "zh-hans": "zh-CN,zh;q=0.9"}


class Server:
    def __init__(self, url, token, cluster):
        self.url, self.token, self.cluster = url, token, cluster

    def get(self, path, **params):
        """A read; one locked out by a write (every request is a transaction) is busy too, and tried again."""
        for _attempt in range(50):
            response = requests.get(
                self.url + path, params=params, headers={"Authorization": f"Token {self.token}"}, timeout=120
            )
            if response.status_code != 409:
                break
            assert response.json()["error"]["code"] == "busy"
            time.sleep(0.2)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    def post_import(self, rows, *, dry_run, language="zh-hans"):
        return requests.post(
            f"{self.url}/api/v1/imports/",
            headers={"Authorization": f"Token {self.token}", "Accept-Language": ACCEPT[language]},
            data={"cluster": self.cluster, "kind": "members", "dry_run": "true" if dry_run else "false"},
            files={"file": ("members.csv", members_csv(rows), "text/csv")},
            timeout=120,
        )

    def members(self):
        """Every member's credit code, page by page (at most 500 a page)."""
        codes = []
        while True:
            page = self.get("/api/v1/members/", cluster=self.cluster, limit=500, offset=len(codes))["results"]
            codes += [member["credit_code"] for member in page]
            if len(page) < 500:
                return sorted(codes)


def serve(tmp_path_factory, **settings):
    folder = tmp_path_factory.mktemp("embedded")
    env = embedded.environment(folder / "db.sqlite3", folder / "media", **settings)
    embedded.manage({**env, "DJANGO_SETTINGS_MODULE": "tests.settings_syncdb"}, "migrate", "--run-syncdb", "-v0")
    seeded = json.loads(
        embedded.manage(env, "shell", "-c", "from tests.builders.embedded import seed; seed()").strip().splitlines()[-1]
    )
    port = embedded.free_port()
    with (folder / "server.log").open("w") as log:
        process = embedded.start_server(env, port, log)
        try:
            yield Server(f"http://127.0.0.1:{port}", seeded["token"], seeded["cluster"])
        finally:
            process.terminate()
            process.wait(timeout=30)
    server_log = (folder / "server.log").read_text()
    assert "Traceback" not in server_log and '" 500 ' not in server_log, server_log[-5000:]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """As `make run` serves the product: a writer waits up to 20 s for the lock."""
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory):
    """The same with a lock wait of 0.3 s, so that concurrent writes really find the database locked."""
    yield from serve(tmp_path_factory, SQLITE_TIMEOUT="0.3")


def at_once(*calls):
    """Run the calls in threads released by one barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def settled(server, response, retry, language):
    """A 202's job as it ended, after retrying a 409 "busy" until the product takes the import."""
    for _attempt in range(10):
        assert response.status_code in (202, 409), (response.status_code, response.text[:2000])
        if response.status_code == 202:
            return server.get(f"/api/v1/imports/{response.json()['id']}/")
        assert response.json()["error"] == {"status": 409, "code": "busy", "message": BUSY[language]}
        response = retry()
    raise AssertionError("still busy after ten tries")


def rows(first, last):
    return [member_row(n) for n in range(first, last + 1)]


def test_two_commits_at_once_each_land_once(server):
    before = server.members()
    first, second = rows(1, 150), rows(151, 300)
    answers = at_once(
        lambda: server.post_import(first, dry_run=False, language="zh-hans"),
        lambda: server.post_import(second, dry_run=False, language="en"),
    )
    jobs = [
        settled(server, answers[0], lambda: server.post_import(first, dry_run=False, language="zh-hans"), "zh-hans"),
        settled(server, answers[1], lambda: server.post_import(second, dry_run=False, language="en"), "en"),
    ]
    assert [(job["status"], job["created_rows"]) for job in jobs] == [("succeeded", 150), ("succeeded", 150)]
    codes = [row["credit_code"] for row in first + second]
    assert server.members() == sorted(before + codes)


def test_two_dry_runs_at_once_write_nothing(server):
    before = server.members()
    batch = rows(301, 400)
    answers = at_once(*(lambda: server.post_import(batch, dry_run=True) for _ in range(2)))
    jobs = [settled(server, answer, lambda: server.post_import(batch, dry_run=True), "zh-hans") for answer in answers]
    assert [(job["status"], job["dry_run"], job["created_rows"]) for job in jobs] == [("succeeded", True, 100)] * 2
    assert server.members() == before


def test_the_same_file_committed_twice_at_once_gives_each_member_once(server):
    before = server.members()
    batch = rows(401, 480)
    answers = at_once(*(lambda: server.post_import(batch, dry_run=False) for _ in range(2)))
    jobs = [settled(server, answer, lambda: server.post_import(batch, dry_run=False), "zh-hans") for answer in answers]
    assert {job["status"] for job in jobs} == {"succeeded"}
    # One of the two created the members, the other (serialised behind it) found them and updated them.
    assert sorted((job["created_rows"], job["updated_rows"]) for job in jobs) == [(0, 80), (80, 0)]
    assert server.members() == sorted(before + [row["credit_code"] for row in batch])


def test_no_job_is_left_waiting(server):
    jobs = server.get("/api/v1/imports/", cluster=server.cluster, limit=100)["results"]
    assert jobs and {job["status"] for job in jobs} == {"succeeded"}


JOB_BUSY = "数据库持续繁忙，任务已停止。请重新开始。"


def land(server, batch, *, dry_run):
    """Post an import until it is taken and its job ends other than busy, as a person would try again."""
    answers = []
    for _attempt in range(20):
        response = server.post_import(batch, dry_run=dry_run)
        answers.append(response.status_code)
        assert response.status_code in (202, 409), (response.status_code, response.text[:2000])
        if response.status_code == 409:
            assert response.json()["error"] == {"status": 409, "code": "busy", "message": BUSY["zh-hans"]}
            continue
        job = server.get(f"/api/v1/imports/{response.json()['id']}/")
        if job["status"] == "failed" and job["message"] == JOB_BUSY:
            continue
        return job, answers
    raise AssertionError(f"never taken: {answers}")


def test_writes_locked_out_answer_409_and_nothing_is_lost_doubled_or_left_running(busy_server):
    before = busy_server.members()
    batches = [rows(1000 * n + 1, 1000 * n + 600) for n in range(1, 4)]
    plan = [(batch, dry_run) for batch in batches for dry_run in (False, True)]
    outcomes = at_once(
        *(lambda batch=batch, dry_run=dry_run: land(busy_server, batch, dry_run=dry_run) for batch, dry_run in plan)
    )
    assert [(job["status"], job["dry_run"]) for job, _answers in outcomes] == [
        ("succeeded", dry_run) for _batch, dry_run in plan
    ]
    codes = [row["credit_code"] for batch in batches for row in batch]
    assert busy_server.members() == sorted(before + codes)
    jobs = busy_server.get("/api/v1/imports/", cluster=busy_server.cluster, limit=100)["results"]
    assert {job["status"] for job in jobs} <= {"succeeded", "failed"}
    assert {job["message"] for job in jobs if job["status"] == "failed"} <= {JOB_BUSY}
    # The lock was really contended: at least one write was answered 409 or its job stopped busy.
    tries = sum(len(answers) for _job, answers in outcomes)
    assert tries > len(plan), [answers for _job, answers in outcomes]
