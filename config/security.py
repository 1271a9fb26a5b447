"""What the served product refuses to start without, and the health checks docker-compose.yml runs.

The web server (config/wsgi.py, config/asgi.py), the Celery worker and beat (config/celery.py) call
`refuse_public_key()` when they start: with DEBUG off, the public development key would let anyone forge sessions
and signed links. `manage.py check --deploy` reports the same as an error.

`python -m config.security web|worker|beat` is the container health check of each service (exit status 0 when
healthy):
- web: GET /healthz over plain HTTP on the container's own port, with a Host header the product accepts (the first
  entry of ALLOWED_HOSTS); /healthz is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
- worker: a Celery ping answered by this container's worker.
- beat: the scheduler sent its most frequent periodic task within twice that task's interval and a minute.
"""

import os
import socket
import sys

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

PUBLIC_KEY_MESSAGE = "SECRET_KEY is not set: set it in the environment (a long random value) before serving."


def refuse_public_key():
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured(PUBLIC_KEY_MESSAGE)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        return [Error(PUBLIC_KEY_MESSAGE, id="platform.E001")]
    return []


def probe_host():
    """A Host header ALLOWED_HOSTS accepts: its first entry ("*" and ".example.gov.cn" made concrete)."""
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
    if host == "*":
        return "localhost"
    return host.lstrip(".")


def web_healthy(port=8000):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/healthz", headers={"Host": probe_host()})
    return connection.getresponse().status == 200


def worker_healthy():
    from celery import current_app as app  # the product's app, set up with Django (config/__init__.py)

    replies = app.control.inspect(destination=[f"celery@{socket.gethostname()}"], timeout=5).ping() or {}
    return bool(replies)


def beat_healthy(now=None):
    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    now = now or timezone.now()
    tasks = PeriodicTask.objects.filter(enabled=True, interval__isnull=False).select_related("interval")
    task = min(tasks, key=lambda task: task.interval.schedule.run_every)
    allowed = 2 * task.interval.schedule.run_every.total_seconds() + 60
    return task.last_run_at is not None and (now - task.last_run_at).total_seconds() <= allowed


def main(service):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    check = {"web": web_healthy, "worker": worker_healthy, "beat": beat_healthy}[service]
    try:
        healthy = check()
    except Exception as exc:  # noqa: BLE001 - an unhealthy service is reported, not raised
        print(f"{service}: {exc}", file=sys.stderr)
        healthy = False
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
