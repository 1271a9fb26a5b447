"""Celery tasks of the run part of the evaluations app."""
