"""The member and collaboration lists' sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from clusters.members.filters import YEAR_FIGURES
from clusters.members.models import FIGURE_FIELDS
from tenancy.tables import Sort, Sorts

# ?sort= keys of the member list: the column's label and field; with ?year= the figures are that year's.
MEMBER_COLUMNS = {
    "name": gettext_lazy("Name"),
    "revenue": gettext_lazy("Revenue (10k CNY)"),
    "employees": gettext_lazy("Employees"),
    "rd_spend": gettext_lazy("R&D spend (10k CNY)"),
    "patents": gettext_lazy("Patents"),
}

MEMBER_SORTS = Sorts({key: Sort(label, key) for key, label in MEMBER_COLUMNS.items()}, default="name")

MEMBER_YEAR_SORTS = Sorts(
    {
        key: Sort(label, f"{YEAR_FIGURES}__{key}" if key in FIGURE_FIELDS else key)
        for key, label in MEMBER_COLUMNS.items()
    },
    default="name",
)

COLLABORATION_SORTS = Sorts(
    {
        "source": Sort(gettext_lazy("From"), "source__name"),
        "target": Sort(gettext_lazy("To"), "target__name"),
        "kind": Sort(gettext_lazy("Kind"), "kind"),
        "value": Sort(gettext_lazy("Value (10k CNY)"), "value", descending_first=True),
        "year": Sort(gettext_lazy("Year"), "year", descending_first=True),
    },
    default="-year",
)
