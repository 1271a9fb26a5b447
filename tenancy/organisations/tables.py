"""The organisation directory's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

ORGANISATION_SORTS = Sorts(
    {
        "name": Sort(gettext_lazy("Name"), "name"),
        "kind": Sort(gettext_lazy("Kind"), "kind", "name"),
        "region": Sort(gettext_lazy("Region"), "region__code"),
        "parent": Sort(gettext_lazy("Parent"), "parent__name"),
        "status": Sort(gettext_lazy("Status"), "-is_active"),
    },
    default="kind",
)
