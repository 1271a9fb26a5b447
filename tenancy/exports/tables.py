"""The list of one's exports: its sortable columns (tenancy.tables). A list of files, each downloaded from it:
sorted, not exported itself."""

from django.utils.translation import gettext_lazy

from tenancy.jobs import Job
from tenancy.tables import Sort, Sorts, in_order_of

EXPORT_JOB_SORTS = Sorts(
    {
        "list": Sort(gettext_lazy("List"), "key"),
        "format": Sort(gettext_lazy("Format"), "file_format"),
        "asked": Sort(gettext_lazy("Asked for"), "created", descending_first=True),
        "status": Sort(gettext_lazy("Status"), in_order_of("status", Job.Status.values)),
        "rows": Sort(gettext_lazy("Rows"), "rows", descending_first=True),
    },
    default="-asked",
)
