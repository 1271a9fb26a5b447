"""The sortable columns of the list of collaborations between clusters (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from exchange.links.models import ClusterLink
from tenancy.tables import Sort, Sorts, in_order_of

# Without ?sort= the most recently changed come first (the selector's order).
LINK_SORTS = Sorts(
    {
        "source": Sort(gettext_lazy("From"), "source_cluster__name", "source__name"),
        "target": Sort(gettext_lazy("To"), "target_cluster__name", "target__name"),
        "kind": Sort(gettext_lazy("Kind"), in_order_of("kind", ClusterLink.Kind.values)),
        "value": Sort(gettext_lazy("Value (10k CNY)"), "value", descending_first=True),
        "year": Sort(gettext_lazy("Year"), "year", descending_first=True),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", ClusterLink.Status.values)),
        "updated": Sort(gettext_lazy("Updated"), "updated", descending_first=True),
    }
)
