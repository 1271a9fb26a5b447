"""What the served product refuses and promises: the Content-Security-Policy, no start on the public development
key, and the container health checks of web, worker and beat (config/security.py, docker-compose.yml)."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config.security import beat_healthy, probe_host, refuse_public_key, web_healthy, worker_healthy

ROOT = Path(__file__).resolve().parent.parent


def without_key(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return {**env, "SECRET_KEY_FILE": "/nonexistent/secret-key", "DJANGO_SETTINGS_MODULE": "config.settings", **extra}


# Content-Security-Policy ---------------------------------------------------------------------------------------------


def test_every_page_carries_a_policy_without_inline_script(db, page_client_for, world):
    response = page_client_for(world.user("ministry")).get(reverse("dashboard"))
    policy = dict(
        part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_no_template_holds_inline_script_or_event_handlers():
    found = []
    for path in ROOT.glob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            found.append((path.name, match.group(0)))
        for match in re.finditer(r"\s(on[a-z]+|hx-on[:\w-]*)=", text):
            found.append((path.name, match.group(0).strip()))
    assert found == []


def test_api_docs_run_without_inline_script(db, client):
    page = client.get(reverse("api-docs")).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts, page[:300]
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)


# The public development key ------------------------------------------------------------------------------------------


@override_settings(DEBUG=False, SECRET_KEY=settings.DEFAULT_SECRET_KEY)
def test_the_served_product_refuses_the_public_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        refuse_public_key()


@override_settings(DEBUG=True, SECRET_KEY=settings.DEFAULT_SECRET_KEY)
def test_development_with_debug_may_use_the_public_key():
    refuse_public_key()


def test_the_web_server_does_not_start_without_a_key():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=without_key(DEBUG="false"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_names_the_missing_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=without_key(DEBUG="false", ALLOWED_HOSTS="clusters.miit.gov.cn"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "platform.E001" in result.stderr and "SECRET_KEY is not set" in result.stderr


def test_a_key_file_is_used_when_the_environment_has_none(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("k3y-from-the-file-written-by-make-run\n")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**without_key(), "SECRET_KEY_FILE": str(key_file)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "k3y-from-the-file-written-by-make-run", result.stderr


# Health checks -------------------------------------------------------------------------------------------------------


def test_compose_checks_web_worker_and_beat_with_the_product_probe():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["healthcheck"]["test"] == ["CMD", "python", "-m", "config.security", name]


@override_settings(
    SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=[".clusters.miit.gov.cn", "localhost"], SECURE_HSTS_SECONDS=31536000
)
def test_healthz_answers_the_plain_http_probe_under_production_settings(db, client):
    assert probe_host() == "clusters.miit.gov.cn"
    response = client.get("/healthz", HTTP_HOST=probe_host())
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"
    # every other address still goes to HTTPS
    assert client.get(reverse("login"), HTTP_HOST=probe_host()).status_code == 301


@override_settings(ALLOWED_HOSTS=["*"])
def test_the_probe_turns_a_wildcard_host_into_localhost():
    assert probe_host() == "localhost"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_web_probe_passes_against_a_running_server(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    assert web_healthy(port=port) is True


def test_the_web_probe_fails_when_nothing_listens():
    with pytest.raises(OSError):
        web_healthy(port=1)


def test_the_beat_probe_wants_the_most_frequent_task_sent_recently(db):
    now = timezone.now()
    every_5 = IntervalSchedule.objects.create(every=300, period=IntervalSchedule.SECONDS)
    hourly = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(name="hourly", task="x", interval=hourly, last_run_at=now)
    frequent = PeriodicTask.objects.create(name="frequent", task="y", interval=every_5, last_run_at=None)
    assert beat_healthy(now) is False  # never sent
    frequent.last_run_at = now - datetime.timedelta(seconds=600)
    frequent.save()
    assert beat_healthy(now) is True  # within 2 × 300 s + 60 s
    frequent.last_run_at = now - datetime.timedelta(seconds=700)
    frequent.save()
    assert beat_healthy(now) is False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_probe_passes_when_a_worker_runs(celery_worker_process):
    import time

    deadline = time.monotonic() + 30
    while not worker_healthy() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert worker_healthy() is True
