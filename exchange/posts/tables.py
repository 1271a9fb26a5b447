"""The partner post list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

# Without ?sort= the most recently opened posts come first (the selector's order).
POST_SORTS = Sorts(
    {
        "title": Sort(gettext_lazy("Title"), "title"),
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name"),
        "kind": Sort(gettext_lazy("Kind"), "kind"),
        "region": Sort(gettext_lazy("Region"), "region__code"),
        "opened": Sort(gettext_lazy("Opened"), "opened_at", descending_first=True),
        "expires": Sort(gettext_lazy("Expires"), "expires_on"),
    }
)
