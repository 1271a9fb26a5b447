"""The exchange app's models, one module per concept, imported here so Django finds them."""

from exchange.posts.models import *  # noqa: F403
