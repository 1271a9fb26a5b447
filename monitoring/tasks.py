"""Celery entry points of the monitoring app (thin: they call the services)."""

from monitoring.evaluation.beat import *  # noqa: F403
from monitoring.evaluation.tasks import *  # noqa: F403
