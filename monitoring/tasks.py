"""Celery entry points of the monitoring app (thin: they call the services)."""

from monitoring.evaluation.tasks import *  # noqa: F403
