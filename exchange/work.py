"""What the exchange app adds to the work queues (tenancy.work)."""

from tenancy.registry import registry

QUEUES = ()


def register():
    registry.register_work(*QUEUES)
