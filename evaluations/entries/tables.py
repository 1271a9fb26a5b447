"""The entry list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from evaluations.models import Submission
from tenancy.tables import Sort, Sorts, in_order_of

# Without ?sort= the newest competition's entries come first, round by round, by cluster (the selector's order).
ENTRY_SORTS = Sorts(
    {
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name"),
        "competition": Sort(gettext_lazy("Competition"), "round__competition__year", "round__competition__name"),
        "round": Sort(gettext_lazy("Round"), "round__competition__year", "round__position"),
        "track": Sort(gettext_lazy("Track"), "track__field__name"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", Submission.Status.values)),
        "submitted": Sort(gettext_lazy("Last submitted"), "last_submitted_at", descending_first=True),
    }
)
