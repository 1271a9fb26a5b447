"""The onboarding history's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts, in_order_of

from .models import OnboardingImport

ONBOARDING_SORTS = Sorts(
    {
        "uploaded": Sort(gettext_lazy("Uploaded"), "created", descending_first=True),
        "file": Sort(gettext_lazy("File"), "original_name"),
        "kind": Sort(gettext_lazy("Kind"), "kind"),
        "mode": Sort(gettext_lazy("Mode"), "dry_run"),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", OnboardingImport.Status.values)),
        "rows": Sort(gettext_lazy("Rows"), "rows", descending_first=True),
        "created": Sort(gettext_lazy("Created"), "created_rows", descending_first=True),
        "by": Sort(gettext_lazy("By"), "created_by__username"),
    },
    default="-uploaded",
)
