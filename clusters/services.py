"""Writes of the clusters app."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from .models import Cluster


@transaction.atomic
def cluster_set_tier(*, cluster: Cluster, tier: str, by, reason: str):
    """The ministry moves a cluster between tiers; the history keeps who, when and why."""
    if tier not in Cluster.Tier.values:
        raise ValidationError({"tier": [_("Choose a valid tier.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the change.")]})
    cluster.tier = tier
    cluster._history_user = by
    cluster.save(update_fields=["tier", "updated"])
    update_change_reason(cluster, reason.strip()[:100])
    return cluster
