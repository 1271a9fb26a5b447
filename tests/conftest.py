"""The fixed cast of every test, and the helpers the suites share.

The cast: the ministry, two provincial governments (Jiangsu, Guangdong), two
promotion bodies (Nanjing smart grid in Jiangsu, Shenzhen ICT in Guangdong), an
expert, and a viewer-role member of the Nanjing body; plus clusters in each
province, a cross-region cluster spanning both, and a provincial-tier cluster.
"""

import copy
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from clusters.models import Cluster
from config.celery import app as celery_app
from tenancy.models import Membership, Organisation

from .builders.demo import shared_demo
from .builders.transactions import OuterTransaction, outer_transaction_fixtures
from .factories import (
    ClusterFactory,
    ExpertProfileFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    api_key_for,
)

# Fixtures that several modules share and that belong beside their builders.
pytest_plugins = (
    "tests.builders.api_schema",
    "tests.builders.demo",
    "tests.builders.imports_files",
    "tests.builders.members",
    "tests.builders.observations",
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server


@pytest.fixture(autouse=True)
def _unscoped_test_body(request):
    """Test bodies build and inspect data without a request scope; every request
    the test makes runs inside its own scope (the middleware's)."""
    if "no_test_scope" in request.keywords:
        yield
        return
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _eager_celery(request, settings):
    """Tasks run in-process unless a test asks for the real worker."""
    eager = "worker" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _recorded_mail(settings):
    """Mail goes through the product's recording backend (the outbox), delivered to django.core.mail.outbox."""
    settings.EMAIL_BACKEND = "tenancy.mail.backends.RecordingBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese), whatever language an earlier test on the same worker
    activated (a request with `Accept-Language: en` leaves English active in the thread)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@dataclass
class World:
    ministry: object
    jiangsu: object
    guangdong: object
    nanjing_body: object
    shenzhen_body: object
    expert: object
    nanjing_viewer: object
    orgs: dict
    nanjing_cluster: Cluster
    wuxi_cluster: Cluster
    shenzhen_cluster: Cluster
    cross_cluster: Cluster
    provincial_cluster: Cluster

    def user(self, role):
        return getattr(self, role)

    @property
    def clusters(self):
        return {
            "nanjing_cluster": self.nanjing_cluster,
            "wuxi_cluster": self.wuxi_cluster,
            "shenzhen_cluster": self.shenzhen_cluster,
            "cross_cluster": self.cross_cluster,
            "provincial_cluster": self.provincial_cluster,
        }


def make_world():
    ministry_org = OrganisationFactory(kind=Organisation.Kind.NATIONAL, slug="t-ministry", region_id=None)
    jiangsu_org = OrganisationFactory(kind=Organisation.Kind.LOCAL, slug="t-jiangsu", region_id="320000")
    guangdong_org = OrganisationFactory(kind=Organisation.Kind.LOCAL, slug="t-guangdong", region_id="440000")
    nanjing_org = OrganisationFactory(slug="t-nanjing-grid", region_id="320100", parent=jiangsu_org)
    shenzhen_org = OrganisationFactory(slug="t-shenzhen-ict", region_id="440300", parent=guangdong_org)
    wuxi_org = OrganisationFactory(slug="t-wuxi-iot", region_id="320200", parent=jiangsu_org)

    def member(username, organisation, role=Membership.Role.ADMIN):
        return MembershipFactory(user=UserFactory(username=username), organisation=organisation, role=role).user

    expert = UserFactory(username="t-expert")
    ExpertProfileFactory(user=expert, region_id="110100")
    return World(
        ministry=member("t-ministry", ministry_org),
        jiangsu=member("t-jiangsu", jiangsu_org),
        guangdong=member("t-guangdong", guangdong_org),
        nanjing_body=member("t-nanjing", nanjing_org),
        shenzhen_body=member("t-shenzhen", shenzhen_org),
        expert=expert,
        nanjing_viewer=member("t-nanjing-viewer", nanjing_org, Membership.Role.VIEWER),
        orgs={
            "ministry": ministry_org,
            "jiangsu": jiangsu_org,
            "guangdong": guangdong_org,
            "nanjing_body": nanjing_org,
            "shenzhen_body": shenzhen_org,
            "wuxi_body": wuxi_org,
        },
        nanjing_cluster=ClusterFactory(
            name="南京智能电网测试集群", promotion_body=nanjing_org, region_codes=["320100"]
        ),
        wuxi_cluster=ClusterFactory(name="无锡物联网测试集群", promotion_body=wuxi_org, region_codes=["320200"]),
        shenzhen_cluster=ClusterFactory(
            name="深圳信息通信测试集群", promotion_body=shenzhen_org, region_codes=["440300"], field_id="ngit"
        ),
        cross_cluster=ClusterFactory(
            name="深苏跨区域测试集群", promotion_body=shenzhen_org, region_codes=["440300", "320500"]
        ),
        provincial_cluster=ClusterFactory(
            name="南京省级测试集群",
            promotion_body=nanjing_org,
            region_codes=["320100"],
            tier=Cluster.Tier.PROVINCIAL,
            is_public=False,
        ),
    )


class SharedWorld(OuterTransaction):
    """The cast, built once inside an outer transaction that every test asking for `world` then runs in (its own
    transaction becomes a savepoint of it), as Django's setUpTestData does for a class. Each test gets a deep copy
    of the objects, so changes it makes in memory stay its own; its writes are rolled back with its savepoint.

    The outer transaction is closed before a test that does not ask for the cast, and before a transactional test
    (a live server, a worker), which builds its own cast as before: such tests see the database as they did."""

    fixture = "world"
    world = None

    def build(self):
        self.world = make_world()

    def close(self):
        super().close()
        self.world = None

    def wanted_by(self, item):
        return super().wanted_by(item) and not _is_transactional(item)


_shared_world = SharedWorld()
_shared_world_session, _world_transaction = outer_transaction_fixtures(_shared_world, "world")


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    _shared_world.close_unwanted(nextitem)
    shared_demo.close_unwanted(nextitem)


@pytest.fixture
def db(_world_transaction, _demo_transaction, db):
    """pytest-django's `db`, entered inside the shared cast's transaction when the test asks for the cast, or inside
    the seeded demo's (tests/builders/demo.py) when it asks for the demo."""
    return db


@pytest.fixture
def world(db):
    if _shared_world.holds():
        return copy.deepcopy(_shared_world.world)
    return make_world()


@pytest.fixture
def client_for(db):
    """An API client signed in (by token) as a cast member; None for anonymous."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
        return client

    return make


@pytest.fixture
def page_client_for(db, client):
    """A browser-like client with a session (force_login: django-axes guards authenticate())."""

    def make(user=None):
        from django.test import Client

        page_client = Client()
        if user is not None:
            page_client.force_login(user)
        return page_client

    return make


def count_queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


@pytest.fixture
def celery_worker_process():
    """A real Celery worker process over Redis, on the test database and MEDIA_ROOT, consuming its own queue
    (yielded: send the test's tasks there)."""
    from django.conf import settings

    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    queue = f"test-{os.getpid()}-{time.time_ns()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


# In the browser -----------------------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"  # Debian's; .ci/run installs it
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium():
    """A headless Chromium for the test, which opens its contexts (visitors) in it.

    Per test, not per session: while Playwright's sync API runs, Django's code sees a context of its own, with
    other database connections than the ones the test database was set up (and serialized) on; started after the
    test's database setup and stopped before its teardown, the setup and the flush stay on the same connection."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve_collected_static(route):
    """The test server looks static files up by their source names; the pages ask for the hashed names of the
    manifest storage, which collectstatic wrote to STATIC_ROOT: answer from there."""
    from urllib.parse import urlparse

    from django.conf import settings

    path = Path(settings.STATIC_ROOT) / urlparse(route.request.url).path.removeprefix(settings.STATIC_URL)
    if path.is_file():
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404)


@pytest.fixture
def browser_context(chromium):
    """Opens a browser context (a separate visitor: its own cookies) in a locale, with the collected static files;
    every context opened is closed after the test."""
    opened = []

    def open_context(locale="zh-CN"):
        context = chromium.new_context(locale=locale)
        context.route("**/static/**", serve_collected_static)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def browser_page(browser_context):
    """A page of a fresh Chinese-language context."""
    return browser_context("zh-CN").new_page()


@pytest.fixture
def sign_in(live_server):
    """Signs a cast member in on a page through the login form."""
    from django.urls import reverse

    from .factories import PASSWORD

    def sign_in(page, username):
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(live_server.url + "/")

    return sign_in
