"""Celery application.

With REDIS_URL set, tasks go to Redis and run on workers; without it they run
eagerly in-process so the product works on a bare machine.
"""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cluster_platform", task_cls="tenancy.eager:Task")  # eager retries wait, as a worker's do
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def refuse_public_key(**kwargs):
    from config.security import refuse_public_key

    refuse_public_key()
