"""What the exchange app adds to the work queues (tenancy.work)."""

from tenancy.registry import registry

QUEUES = ()

from exchange.posts.work import QUEUES as POSTS_QUEUES  # noqa: E402 - partner posts' queues

QUEUES += POSTS_QUEUES


def register():
    registry.register_work(*QUEUES)
