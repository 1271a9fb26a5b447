"""The policy library's and the toolkit list's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

# Without ?sort= the library keeps its own order: newest first, or the best matches of a search first.
POLICY_SORTS = Sorts(
    {
        "title": Sort(gettext_lazy("Policy"), "title"),
        "issuer": Sort(gettext_lazy("Issuer"), "issuer__name"),
        "issued": Sort(gettext_lazy("Issued"), "issued_on", descending_first=True),
    }
)

TOOLKIT_SORTS = Sorts(
    {
        "title": Sort(gettext_lazy("Toolkit"), "title"),
        "cluster": Sort(gettext_lazy("Cluster"), "cluster__name"),
        "owner": Sort(gettext_lazy("Local government"), "owner__name"),
        "policies": Sort(gettext_lazy("Policies"), "policy_count", descending_first=True),
        "instruments": Sort(gettext_lazy("Instruments"), "instrument_count", descending_first=True),
    }
)
