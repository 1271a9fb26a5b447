"""Kept for the matrix's imports: the plan builders live in tests/builders/plans.py."""

from .builders.plans import STATES, make_plan, status_of, target, task

__all__ = ["STATES", "make_plan", "status_of", "target", "task"]
