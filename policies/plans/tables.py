"""The plan list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from policies.models import CultivationPlan
from tenancy.tables import Sort, Sorts, in_order_of

# Without ?sort= the most recently changed plans come first (the selector's order).
PLAN_SORTS = Sorts(
    {
        "title": Sort(gettext_lazy("Title"), "title"),
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name"),
        "period": Sort(gettext_lazy("Period"), "period_start", "period_end"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", CultivationPlan.Status.values)),
        "version": Sort(gettext_lazy("Version"), "version", descending_first=True),
        "updated": Sort(gettext_lazy("Updated"), "updated", descending_first=True),
    }
)
