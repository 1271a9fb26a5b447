"""`make run`'s embedded product for the concurrency tests: a SQLite file, Celery tasks run in the request, the server
started with the settings and environment the Makefile gives it (tests/test_sqlite_concurrency.py).

The schema is built from the models at once (`migrate --run-syncdb` under tests.settings_syncdb): the migrations
take minutes on a busy machine and give the same tables; the few reference rows an import reads are seeded here."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CHAIN_LINKS = ["输变电设备", "电力自动化"]

# The environment of the Makefile's `run` target (DATABASE_URL and REDIS_URL unset there: the SQLite branch of
# config/settings.py, which a sqlite:// DATABASE_URL takes as well, and eager Celery).
MAKE_RUN = {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
}


def environment(database: Path, media: Path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(MAKE_RUN)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY="embedded-concurrency-test-key",
        MEDIA_ROOT=str(media),
        EMAIL_FILE_PATH=str(media / "mail"),
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env


def manage(env, *args, timeout=300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def seed():
    """The rows a members import reads: Jiangsu and Nanjing, the industry field, a promotion body with its
    administrator and API token, its cluster and two chain links. Prints the token and the cluster's id."""
    from django.contrib.auth import get_user_model

    from clusters.models import ChainLink, Cluster, ClusterRegion
    from tenancy.accounts.services import api_token_create
    from tenancy.models import IndustryField, Membership, Organisation, Region
    from tenancy.scoping import system_scope

    with system_scope():
        province = Region.objects.create(code="320000", name="江苏省", name_en="Jiangsu", level="province")
        Region.objects.create(code="320100", name="南京市", name_en="Nanjing", level="prefecture", parent=province)
        IndustryField.objects.create(code="high_end_equipment", name="高端装备", name_en="High-end equipment")
        body = Organisation.objects.create(
            kind=Organisation.Kind.CLUSTER_BODY, slug="nanjing-grid", name="南京电网促进中心", region_id="320100"
        )
        user = get_user_model().objects.create_user("nanjing-grid", "grid@example.cn", "a-long-passphrase-9")
        Membership.objects.create(user=user, organisation=body, role=Membership.Role.ADMIN)
        cluster = Cluster.objects.create(
            name="南京市新型电力装备集群", field_id="high_end_equipment", promotion_body=body
        )
        ClusterRegion.objects.create(cluster=cluster, region_id="320100", position=0)
        for position, name in enumerate(CHAIN_LINKS):
            ChainLink.objects.create(cluster=cluster, name=name, segment="midstream", position=position)
        _token, key = api_token_create(user=user, name="concurrency")
    print(json.dumps({"token": key, "cluster": cluster.pk}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env, port, log):
    """`make run`'s last step: Django's threaded development server, without static files."""
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--nostatic", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return process
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the server did not answer /healthz")
