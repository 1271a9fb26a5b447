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

# A round's entries with their experts and review progress (the ministry's assignment page). The experts of an
# entry are a list in one cell: not a column to sort by.
ROUND_ASSIGNMENT_SORTS = Sorts(
    {
        "entry": Sort(gettext_lazy("Entry"), "cluster__name"),
        "track": Sort(gettext_lazy("Track"), "track__field__position", "track__field__code"),
        "submitted": Sort(gettext_lazy("Reviews submitted"), "submitted_count", descending_first=True),
        "assigned": Sort(gettext_lazy("Experts assigned"), "assigned_count", descending_first=True),
    },
    default="entry",
)

# An entry's reviews; the scores of each criterion are columns of their own, the rubric's, not sorts.
ENTRY_REVIEW_SORTS = Sorts(
    {
        "expert": Sort(
            gettext_lazy("Expert"),
            "assignment__expert__user__last_name",
            "assignment__expert__user__first_name",
            "assignment__expert__user__username",
        ),
        "status": Sort(gettext_lazy("Status"), "status"),
        "submitted": Sort(gettext_lazy("Submitted"), "submitted_at", descending_first=True),
    },
    default="expert",
)

# The score trail: newest save first without ?sort=, within a save the rubric's order (the tie-breaker is the row,
# written in that order). One review's trail has no expert column; an entry's has.
_CHANGE_COLUMNS = {
    "when": Sort(gettext_lazy("When"), "created", descending_first=True),
    "by": Sort(gettext_lazy("Changed by"), "actor__username"),
    "criterion": Sort(gettext_lazy("Criterion"), "criterion__position"),
}
REVIEW_CHANGE_SORTS = Sorts(_CHANGE_COLUMNS, default="-when")
ENTRY_REVIEW_CHANGE_SORTS = Sorts(
    {
        **_CHANGE_COLUMNS,
        "expert": Sort(gettext_lazy("Expert"), "expert__user__last_name", "expert__user__first_name", "expert_id"),
    },
    default="-when",
)
