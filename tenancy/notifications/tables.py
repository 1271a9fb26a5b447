"""The notification list's sort links (tenancy.tables). A personal list: sorted, not exported."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

NOTIFICATION_SORTS = Sorts(
    {
        "received": Sort(gettext_lazy("Received"), "created", descending_first=True),
        "unread": Sort(gettext_lazy("Unread"), "is_read", "-created"),
    },
    default="-received",
)
