"""The API token list's sortable columns (tenancy.tables). A personal, technical list: sorted, not exported."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

TOKEN_SORTS = Sorts(
    {
        "name": Sort(gettext_lazy("Name"), "name"),
        "created": Sort(gettext_lazy("Created"), "created", descending_first=True),
        "expires": Sort(gettext_lazy("Expires"), "expires", descending_first=True),
        "last_used": Sort(gettext_lazy("Last used"), "last_used", descending_first=True),
    },
    default="-created",
)
