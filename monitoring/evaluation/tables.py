"""The monitoring evaluation list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from monitoring.models import MonitoringEvaluation, Recommendation
from tenancy.tables import Sort, Sorts, in_order_of

# Without ?sort= the latest year comes first, its newest evaluation first (the selector's order).
EVALUATION_SORTS = Sorts(
    {
        "year": Sort(gettext_lazy("Year"), "year", descending_first=True),
        "method": Sort(gettext_lazy("Method"), "method__version", "method__name"),
        "trigger": Sort(gettext_lazy("Trigger"), "trigger"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", MonitoringEvaluation.Status.values)),
        "clusters": Sort(gettext_lazy("Clusters"), "result_count", descending_first=True),
        "recorded": Sort(gettext_lazy("Recorded"), "created", descending_first=True),
    }
)

# The method versions; the newest version first without ?sort=.
METHOD_SORTS = Sorts(
    {
        "version": Sort(gettext_lazy("Version"), "version", descending_first=True),
        "name": Sort(gettext_lazy("Name"), "name"),
        "current": Sort(gettext_lazy("Current"), "-is_current"),
        "created": Sort(gettext_lazy("Created"), "created", descending_first=True),
    },
    default="-version",
)

# An evaluation's results; without ?sort= the highest overall score first (the selector's order).
RESULT_SORTS = Sorts(
    {
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name"),
        "field": Sort(gettext_lazy("Industry field"), "cluster__field__position", "cluster__field_id"),
        "grade": Sort(gettext_lazy("Grade"), "grade"),
        "overall": Sort(gettext_lazy("Overall score"), "overall", descending_first=True),
        "change": Sort(gettext_lazy("Change from last year"), "change", descending_first=True),
        "recommendation": Sort(gettext_lazy("Recommendation"), in_order_of("recommendation", Recommendation.values)),
        "warnings": Sort(gettext_lazy("Warnings"), "warning_count", descending_first=True),
    }
)
