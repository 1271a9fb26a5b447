"""The sortable columns of the list of enterprises in several clusters (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

ENTERPRISE_SORTS = Sorts(
    {
        "name": Sort(gettext_lazy("Name"), "name"),
        "credit_code": Sort(gettext_lazy("Unified social credit code"), "credit_code"),
        "clusters": Sort(gettext_lazy("Clusters"), "clusters", descending_first=True),
    },
    default="name",
    tie_breaker="credit_code",  # a row is an enterprise: its credit code is its key
)
