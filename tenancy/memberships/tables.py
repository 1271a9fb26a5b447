"""The organisation's member list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from tenancy.models import Membership
from tenancy.tables import Sort, Sorts, in_order_of

# Without ?sort= the active members first, by username (the selector's order).
MEMBERSHIP_SORTS = Sorts(
    {
        "username": Sort(gettext_lazy("Username"), "user__username"),
        "name": Sort(pgettext_lazy("person", "Name"), "user__last_name", "user__first_name"),
        "role": Sort(gettext_lazy("Role"), in_order_of("role", Membership.Role.values)),
        "status": Sort(gettext_lazy("Status"), "-is_active"),
        "last_sign_in": Sort(gettext_lazy("Last sign-in"), "user__last_login", descending_first=True),
    }
)
