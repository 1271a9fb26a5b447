"""Settings, the API shell (pagination, errors, schema), health, audit history,
demo data, the UI shell and the deployment files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from clusters.models import Cluster
from clusters.profiles.services import cluster_set_tier
from tenancy.models import Invitation, Membership, Organisation, Region

from .builders.demo import seed_demo
from .cast import ROLES
from .conftest import count_queries
from .factories import ClusterFactory, MembershipFactory

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env=None):
    env = env or {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_check_deploy_is_clean_with_production_values():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        SECRET_KEY="x7#Lq9!v2Rz$Wm4@pK8^nT1&bY6*cH3(dF5)gJ0-sA+eU_iO=oP[",
        DEBUG="false",
        ALLOWED_HOSTS="clusters.miit.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/cluster_platform",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_embedded_mode_without_database_and_redis_urls():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    code = (
        "import django; django.setup(); from django.conf import settings; from config.celery import app; "
        "print(settings.DATABASES['default']['ENGINE'], app.conf.task_always_eager, settings.CELERY_BROKER_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "memory://"], result.stderr


def test_celery_is_configured_not_to_lose_work():
    from config.celery import app

    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.result_backend == "django-db"


def test_enqueue_waits_for_the_commit(django_capture_on_commit_callbacks):
    from tenancy.tasks import census, enqueue

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(census)
    assert len(callbacks) == 1


def test_docker_compose_runs_web_worker_beat_postgres_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
    assert "container_name" not in services["worker"], "a named container cannot be scaled with --scale worker=N"


# API shell ---------------------------------------------------------------------------------------------------------


def test_pagination_has_a_hard_maximum(db, client_for):
    body = client_for().get(reverse("api:region-list"), {"limit": 100000}).json()
    assert body["count"] == Region.objects.count() == 3427
    assert len(body["results"]) == settings.API_MAX_PAGE_SIZE == 500
    assert "offset=500" in body["next"]


def test_unknown_api_path_answers_json_404(db, client_for):
    response = client_for().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": response.json()["error"]["message"]}
    }


def test_schema_generates_without_error_or_warning():
    result = run_manage("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr


def test_api_docs_are_served_from_vendored_files(db, client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_healthz_reports_database_redis_and_workers(db, client):
    body = client.get(reverse("healthz")).json()
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == ("ok" if settings.REDIS_URL else "not configured")
    assert "workers" in body["checks"]["celery"]


# Audit history -----------------------------------------------------------------------------------------------------


def test_tier_change_is_recorded_with_who_what_and_why(world, client_for):
    cluster_set_tier(
        cluster=world.nanjing_cluster, tier=Cluster.Tier.WORLD_CLASS, by=world.ministry, reason="2026 monitoring"
    )
    entries = client_for(world.jiangsu).get(reverse("api:cluster-history", args=[world.nanjing_cluster.pk])).json()
    latest = entries[0]
    assert latest["user"] == "t-ministry"
    assert latest["type"] == "~"
    assert latest["reason"] == "2026 monitoring"
    tier_changes = [(c["old"], c["new"]) for c in latest["changes"] if c["field"] == "tier"]
    assert tier_changes == [(str(Cluster.Tier.NATIONAL.label), str(Cluster.Tier.WORLD_CLASS.label))]


def test_membership_change_through_the_api_is_recorded_with_the_user(world, client_for):
    membership = Membership._base_manager.get(user=world.nanjing_viewer)
    client = client_for(world.nanjing_body)
    client.patch(reverse("api:membership-detail", args=[membership.pk]), {"role": "editor"}, format="json")
    record = membership.history.first()
    assert record.history_user == world.nanjing_body
    assert record.role == "editor"


def test_history_page_lists_changes(world, page_client_for):
    cluster_set_tier(cluster=world.nanjing_cluster, tier=Cluster.Tier.WORLD_CLASS, by=world.ministry, reason="x")
    page = page_client_for(world.nanjing_body).get(reverse("cluster-history", args=[world.nanjing_cluster.pk]))
    assert "t-ministry" in page.content.decode()


# Demo data ---------------------------------------------------------------------------------------------------------


def test_seeding_the_demo_again_adds_no_row_to_any_table(demo):
    from django.apps import apps

    def rows():
        # History tables aside: a second run saves some unchanged rows again, which their history records.
        models = [model for model in apps.get_models() if not model.__name__.startswith("Historical")]
        return {model._meta.label: model._base_manager.count() for model in models}

    first = rows()
    seed_demo()
    assert rows() == first


def test_the_demo_creates_every_account(demo):
    first = (Organisation.objects.count(), Membership._base_manager.count(), Cluster._base_manager.count())
    # The ministry, 5 provinces, 4 prefecture bureaus and 18 promotion bodies (10 clusters of the article, 8 synthetic
    # candidates of the demo competition); one administrator each, and three colleagues invited, not yet signed up.
    assert first == (28, 31, 18)
    pending = Invitation._base_manager.filter(accepted__isnull=True, withdrawn__isnull=True)
    assert sorted(pending.values_list("user__username", flat=True)) == [
        "changsha-officer",
        "hefei-voice-editor",
        "nanjing-grid-analyst",
    ]
    from django.contrib.auth import authenticate

    accounts = [
        "ministry",
        *(f"expert{i}" for i in range(1, 7)),
        "hunan",
        "jiangsu",
        "guangdong",
        "zhejiang",
        "anhui",
        "nanjing",
        "hefei",
        "shenzhen",
        "changsha",
        "changsha-cm",
        "wuxi-iot",
        "shenzhen-ict",
        "nanjing-grid",
        "dongguan-terminals",
        "sz-gz-medical",
        "hangzhou-security",
        "wenzhou-electrical",
        "gfh-uhd-home",
        "hefei-voice",
        "xiangtan-equipment",
        "changzhou-equipment",
        "suzhou-software",
        "wuhu-sensors",
        "taizhou-pharma",
        "zhuhai-biomed",
        "zhongshan-home",
        "ningbo-textiles",
    ]
    from django.test import RequestFactory

    for username in accounts:
        assert authenticate(RequestFactory().post("/"), username=username, password="cluster-demo"), username
    gfh = Cluster._base_manager.get(name="广佛惠超高清视频和智能家电集群")
    assert sorted(gfh.regions.values_list("code", flat=True)) == ["440100", "440600", "441300"]


DASHBOARDS = {
    "ministry": "tenancy/dashboard_national.html",
    "jiangsu": "tenancy/dashboard_local.html",
    "nanjing-grid": "tenancy/dashboard_cluster_body.html",
    "expert1": "tenancy/dashboard_expert.html",
}


def test_demo_accounts_land_on_their_dashboard_and_the_article_figures_hold(demo, client):
    from django.contrib.auth import get_user_model

    from clusters.models import ChainLink, Collaboration, Member

    for username, template in DASHBOARDS.items():
        client.force_login(get_user_model().objects.get(username=username))
        assert template in [t.name for t in client.get(reverse("dashboard")).templates]

    nanjing = Cluster._base_manager.get(promotion_body__slug="nanjing-grid")
    assert list(ChainLink._base_manager.filter(cluster=nanjing).values_list("name", flat=True)) == [
        "发电",
        "输电",
        "变电",
        "配电",
        "用电",
        "调度",
        "通信",
        "综合能源服务",
        "电网安全",
    ]
    members = Member._base_manager.filter(cluster=nanjing)
    assert members.filter(kind="enterprise").count() >= 600
    assert members.filter(is_single_champion=True).count() == 17
    assert members.filter(is_little_giant=True).count() == 10
    supply = Collaboration._base_manager.filter(cluster=nanjing, kind="supply", target__is_leading=True)
    assert supply.filter(source__is_local=True).count() / supply.count() > 0.8
    hangzhou = Member._base_manager.filter(
        cluster__promotion_body__slug="hangzhou-security", kind="innovation_platform"
    )
    assert hangzhou.filter(platform_level="national").count() >= 40
    assert hangzhou.filter(platform_level="provincial").count() >= 180
    wenzhou = Member._base_manager.filter(cluster__promotion_body__slug="wenzhou-electrical")
    assert wenzhou.filter(is_srdi_sme=True).count() >= 800
    from stdnum.cn import uscc

    assert all(uscc.is_valid(code) for code in members.values_list("credit_code", flat=True))


# UI shell ----------------------------------------------------------------------------------------------------------


def test_default_language_is_chinese_and_english_can_be_chosen(world, page_client_for):
    client = page_client_for(world.ministry)
    assert "工作台" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Ministry dashboard" in client.get(reverse("dashboard")).content.decode()


def test_friendly_404_page(world, page_client_for):
    response = page_client_for(world.nanjing_body).get(reverse("cluster-detail", args=[world.shenzhen_cluster.pk]))
    assert response.status_code == 404
    assert "404" in response.content.decode() and world.shenzhen_cluster.name not in response.content.decode()


def test_friendly_403_page(world, page_client_for):
    response = page_client_for(world.nanjing_viewer).get(reverse("member-add"))
    assert response.status_code == 403
    assert "403" in response.content.decode()


def test_500_page_renders_without_a_request_context(rf):
    from tenancy.views import handler500

    response = handler500(rf.get("/"))
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


def test_navigation_follows_the_role(world, page_client_for):
    expert_page = page_client_for(world.expert).get(reverse("dashboard")).content.decode()
    admin_page = page_client_for(world.nanjing_body).get(reverse("dashboard")).content.decode()
    assert reverse("member-list") not in expert_page
    assert reverse("member-list") in admin_page


# Query counts: lists do not grow with their rows --------------------------------------------------------------------


def grow_clusters(world, n):
    for _ in range(n):
        ClusterFactory(promotion_body=world.orgs["nanjing_body"], region_codes=["320100", "320200"])


def grow_members(world, n):
    MembershipFactory.create_batch(n, organisation=world.orgs["nanjing_body"], role="viewer")


LIST_ENDPOINTS = [
    ("api:cluster-list", True, grow_clusters),
    ("cluster-list", False, grow_clusters),
    ("dashboard", False, grow_clusters),
    ("api:membership-list", True, grow_members),
    ("member-list", False, grow_members),
    ("api:organisation-list", True, lambda world, n: [MembershipFactory() for _ in range(n)]),
    ("api:expert-list", True, lambda world, n: None),
    ("api:region-list", True, lambda world, n: None),
]


@pytest.mark.parametrize(("route", "api", "grow"), LIST_ENDPOINTS, ids=[e[0] for e in LIST_ENDPOINTS])
@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_list_query_count_does_not_grow_with_rows(world, client_for, page_client_for, route, api, grow, role):
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse(route)
    client.get(url)  # warm caches (content types, sessions)
    few = count_queries(lambda: client.get(url))
    grow(world, 30)
    many = count_queries(lambda: client.get(url))
    assert few == many, f"{route}: {few} queries with few rows, {many} with many"


def test_every_cast_role_is_exercised():
    assert len(ROLES) == 7
