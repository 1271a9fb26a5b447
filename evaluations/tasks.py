"""Celery entry points of the evaluations app (thin: they call the services)."""

from evaluations.runs.beat import *  # noqa: F403
from evaluations.runs.tasks import *  # noqa: F403
