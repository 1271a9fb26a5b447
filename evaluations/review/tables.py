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

# The ministry's conflict list; an expert's own (MY_CONFLICT_SORTS) sorts by date only, since a blind round's entry
# is shown by its code and its cluster's name must not order the rows. Newest first without ?sort=.
CONFLICT_SORTS = Sorts(
    {
        "expert": Sort(gettext_lazy("Expert"), "expert__user__last_name", "expert__user__first_name"),
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name"),
        "by": Sort(gettext_lazy("Declared by"), "declared_by__username"),
        "declared": Sort(gettext_lazy("Declared"), "created", descending_first=True),
    },
    default="-declared",
)
MY_CONFLICT_SORTS = Sorts(
    {"declared": Sort(gettext_lazy("Declared"), "created", descending_first=True)}, default="-declared"
)

# An expert's assignments; without ?sort= each tab keeps its selector's order (the soonest close first to review).
# The entry itself is not sortable: a blind round's entry is shown by its code.
ASSIGNMENT_SORTS = Sorts(
    {
        "competition": Sort(
            gettext_lazy("Competition"), "submission__round__competition__year", "submission__round__position"
        ),
        "window": Sort(gettext_lazy("Review window"), "submission__round__review_closes", descending_first=True),
        "review": Sort(gettext_lazy("My review"), "review__status"),
    }
)
