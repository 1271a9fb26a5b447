"""Policies, instruments and toolkits (the policy library) and cultivation plans with their targets."""

from policies.library.models import *  # noqa: F403
from policies.plans.models import *  # noqa: F403
