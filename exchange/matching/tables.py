"""The gaps page's sort links (tenancy.tables): its clusters by name, industry field or tier."""

from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from tenancy.tables import Sort, Sorts, in_order_of

MATCHING_SORTS = Sorts(
    {
        "cluster": Sort(gettext_lazy("Cluster"), "name"),
        "field": Sort(gettext_lazy("Industry field"), "field__position", "name"),
        "tier": Sort(gettext_lazy("Tier"), in_order_of("tier", Cluster.Tier.values), "name"),
    },
    default="cluster",
)
