"""The rectification notes' sort links (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

RECTIFICATION_SORTS = Sorts(
    {
        "filed": Sort(gettext_lazy("Filed"), "created", descending_first=True),
        "organisation": Sort(gettext_lazy("Organisation"), "organisation__name"),
    },
    default="-filed",
)
