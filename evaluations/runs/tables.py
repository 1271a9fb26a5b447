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
