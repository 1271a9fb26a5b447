"""Celery entry points of the evaluations app (thin: they call the services)."""

from .monitoring_tasks import *  # noqa: F403
from .run_tasks import *  # noqa: F403
from .sweep_tasks import *  # noqa: F403
