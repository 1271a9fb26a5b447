"""Reads of an organisation's memberships (who may read which is `tenancy.selectors.membership_visibility`)."""

from tenancy.models import Membership


def organisation_members():
    """Memberships of the current viewer's organisation."""
    return Membership.objects.select_related("user", "organisation").order_by("-is_active", "user__username")
