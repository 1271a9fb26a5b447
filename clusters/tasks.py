"""Celery entry points of the clusters app, one module per concept; importing them here registers them (Celery
looks for `<app>.tasks`). Services queue them by name (`tenancy.tasks.enqueue`), so no service imports a task."""

from clusters.imports.tasks import run_import
from clusters.network.tasks import network_analysis_task

__all__ = ["network_analysis_task", "run_import"]
