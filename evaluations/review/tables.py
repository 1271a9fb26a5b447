"""The expert pool's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

EXPERT_SORTS = Sorts(
    {
        "expert": Sort(gettext_lazy("Expert"), "user__last_name", "user__first_name", "user__username"),
        "affiliation": Sort(gettext_lazy("Affiliation"), "affiliation"),
        "region": Sort(gettext_lazy("Region"), "region__code"),
        "eligibility": Sort(gettext_lazy("Eligibility"), "-is_eligible"),
        "assignments": Sort(gettext_lazy("Assignments"), "active_assignments", descending_first=True),
        "conflicts": Sort(gettext_lazy("Declared conflicts"), "declared_conflict_count", descending_first=True),
    }
)
