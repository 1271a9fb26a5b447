"""Celery tasks of the monitoring part of the evaluations app."""
