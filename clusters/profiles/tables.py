"""The cluster list's and the public register's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from tenancy.tables import Sort, Sorts, in_order_of

CLUSTER_SORTS = Sorts(
    {
        "name": Sort(gettext_lazy("Cluster"), "name"),
        "field": Sort(gettext_lazy("Industry field"), "field__name"),
        "tier": Sort(gettext_lazy("Tier"), in_order_of("tier", Cluster.Tier.values)),
        "stage": Sort(gettext_lazy("Stage"), in_order_of("stage", Cluster.Stage.values)),
    },
    default="name",
)

REGISTER_SORTS = Sorts(
    {
        "name": Sort(gettext_lazy("Cluster"), "name"),
        "field": Sort(gettext_lazy("Industry field"), "field__name"),
        "national_since": Sort(gettext_lazy("National-level since"), "national_since", descending_first=True),
    },
    default="name",
)
