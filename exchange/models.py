"""The exchange app's models, one module per concept, imported here so Django finds them."""

from exchange.links.models import ClusterLink
from exchange.posts.models import Follow, Interest, Post

__all__ = ["ClusterLink", "Follow", "Interest", "Post"]
