"""The verification queue's sortable columns (tenancy.tables). Without ?sort= the values come by cluster, then the
indicator's place in the catalogue, then the year (the selector's order)."""

from django.utils.translation import gettext_lazy

from clusters.models import Observation
from tenancy.tables import Sort, Sorts, in_order_of

QUEUE_SORTS = Sorts(
    {
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name", "cluster_id"),
        "indicator": Sort(gettext_lazy("Indicator"), "indicator__position", "indicator_id"),
        "year": Sort(gettext_lazy("Year"), "year", descending_first=True),
        "value": Sort(gettext_lazy("Value"), "value", descending_first=True),
        "state": Sort(gettext_lazy("State"), in_order_of("status", Observation.Status.values)),
    }
)
