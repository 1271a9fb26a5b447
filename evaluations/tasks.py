"""Celery entry points of the evaluations app (thin: they call the services)."""

from evaluations.runs.tasks import *  # noqa: F403
