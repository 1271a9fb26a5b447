"""The exchange app's models, one module per concept, imported here so Django finds them."""

from exchange.links.models import ClusterLink  # noqa: F401
