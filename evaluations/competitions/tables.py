"""The competition list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from evaluations.models import Competition
from tenancy.tables import Sort, Sorts, in_order_of

COMPETITION_SORTS = Sorts(
    {
        "year": Sort(gettext_lazy("Year"), "year", descending_first=True),
        "name": Sort(gettext_lazy("Name"), "name"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", Competition.Status.values)),
        "tracks": Sort(gettext_lazy("Tracks"), "track_count", descending_first=True),
        "rounds": Sort(gettext_lazy("Rounds"), "round_count", descending_first=True),
    },
    default="-year",
)
