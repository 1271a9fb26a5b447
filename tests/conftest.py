"""The fixed cast of every test, and the helpers the suites share.

The cast: the ministry, two provincial governments (Jiangsu, Guangdong), two
promotion bodies (Nanjing smart grid in Jiangsu, Shenzhen ICT in Guangdong), an
expert, and a viewer-role member of the Nanjing body; plus clusters in each
province, a cross-region cluster spanning both, and a provincial-tier cluster.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clusters.models import Cluster
from config.celery import app as celery_app
from tenancy.models import Membership, Organisation

from .factories import ClusterFactory, ExpertProfileFactory, MembershipFactory, OrganisationFactory, UserFactory

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


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def client_for(db):
    """An API client signed in (by token) as a cast member; None for anonymous."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
