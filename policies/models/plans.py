"""Cultivation plans: plans, versions, key tasks, targets."""

__all__: list[str] = []
