"""Policies, instruments and toolkits (the policy library) and cultivation plans with their targets."""

from .library import *  # noqa: F403
from .plans import *  # noqa: F403
