"""The run list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from evaluations.models import EvaluationRun
from tenancy.tables import Sort, Sorts, in_order_of

RUN_SORTS = Sorts(
    {
        "number": Sort("#", "pk", descending_first=True),
        "round": Sort(gettext_lazy("Round"), "round__competition__year", "round__position"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", EvaluationRun.Status.values)),
        "started_by": Sort(gettext_lazy("Started by"), "created_by__username"),
        "created": Sort(gettext_lazy("Created"), "created", descending_first=True),
    },
    default="-created",
)

# A run's ranking: without ?sort= each track's results in rank order (the selector's).
RESULT_SORTS = Sorts(
    {
        "track": Sort(gettext_lazy("Track"), "track__position", "track_id", "rank"),
        "rank": Sort(gettext_lazy("Rank"), "rank"),
        "cluster": Sort(gettext_lazy("Cluster"), "submission__cluster__name"),
        "expert_score": Sort(gettext_lazy("Expert score"), "expert_score", descending_first=True),
        "indicator_score": Sort(gettext_lazy("Indicator score"), "indicator_score", descending_first=True),
        "total": Sort(gettext_lazy("Total"), "total", descending_first=True),
        "advanced": Sort(gettext_lazy("Advances"), "-advanced"),
    }
)
