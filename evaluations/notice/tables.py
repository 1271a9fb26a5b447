"""The notice and objection lists' sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from evaluations.models import Objection
from tenancy.tables import Sort, Sorts, in_order_of

# Without ?sort= the newest notices come first, the ministry's drafts before them (the selector's order). The
# objection counts are the ministry's alone, so nobody sorts by them.
NOTICE_SORTS = Sorts(
    {
        "title": Sort(pgettext_lazy("public notice", "Notice"), "title"),
        "competition": Sort(gettext_lazy("Competition"), "run__round__competition__year", "run__round__position"),
        "period": Sort(gettext_lazy("Notice period"), "opens", "closes", descending_first=True),
        "winners": Sort(gettext_lazy("Proposed winners"), "winner_count", descending_first=True),
    }
)

OBJECTION_SORTS = Sorts(
    {
        "number": Sort("#", "pk", descending_first=True),
        "lodged": Sort(gettext_lazy("Lodged"), "created", descending_first=True),
        "notice": Sort(pgettext_lazy("public notice", "Notice"), "notice__title"),
        "by": Sort(gettext_lazy("Objector"), "name"),
        "entry": Sort(gettext_lazy("Entry objected to"), "submission__cluster__name"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", Objection.Status.values)),
    },
    default="-lodged",
)

# "My results" keeps the selector's order without ?sort= (the newest final result first, by track and rank).
MY_RESULT_SORTS = Sorts(
    {
        "competition": Sort(gettext_lazy("Competition"), "run__round__competition__year", "run__round__position"),
        "cluster": Sort(gettext_lazy("Cluster"), "submission__cluster__name"),
        "track": Sort(gettext_lazy("Track"), "track__field__name"),
        "expert": Sort(gettext_lazy("Expert score"), "expert_score", descending_first=True),
        "indicator": Sort(gettext_lazy("Indicator score"), "indicator_score", descending_first=True),
        "total": Sort(gettext_lazy("Total"), "total", descending_first=True),
        "rank": Sort(gettext_lazy("Rank"), "rank"),
    }
)
