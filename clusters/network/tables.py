"""The past runs of a cluster's network analysis: their sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from clusters.models import NetworkAnalysis
from tenancy.tables import Sort, Sorts, in_order_of

NETWORK_RUN_SORTS = Sorts(
    {
        "requested": Sort(gettext_lazy("Requested"), "created", descending_first=True),
        "year": Sort(gettext_lazy("Year"), "year", descending_first=True),
        "by": Sort(gettext_lazy("By"), "created_by__username"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", NetworkAnalysis.Status.values)),
        "members": Sort(gettext_lazy("Members"), "nodes", descending_first=True),
        "edges": Sort(gettext_lazy("Edges"), "edges", descending_first=True),
    },
    default="-requested",
)
