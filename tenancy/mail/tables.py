"""The outbox's and the reminder history's sortable columns (tenancy.tables)."""

from django.utils.translation import gettext_lazy

from tenancy.tables import Sort, Sorts

OUTBOX_SORTS = Sorts(
    {
        "created": Sort(gettext_lazy("Created"), "created", descending_first=True),
        "to": Sort(gettext_lazy("To"), "to"),
        "subject": Sort(gettext_lazy("Subject"), "subject"),
        "kind": Sort(gettext_lazy("Kind"), "kind"),
        "status": Sort(gettext_lazy("Status"), "status"),
        "attempts": Sort(gettext_lazy("Attempts"), "attempts", descending_first=True),
    },
    default="-created",
)

_REMINDER_COLUMNS = {
    "sent": Sort(gettext_lazy("Sent"), "created", descending_first=True),
    "reminder": Sort(gettext_lazy("Reminder"), "kind"),
    "deadline": Sort(gettext_lazy("Deadline"), "deadline", descending_first=True),
    "mail": Sort(gettext_lazy("Mail"), "mail__status"),
}
# The ministry reads everyone's reminders and can sort them by recipient; anyone else reads their own.
REMINDER_SORTS = Sorts(
    {"sent": _REMINDER_COLUMNS["sent"], "to": Sort(gettext_lazy("To"), "user__username"), **_REMINDER_COLUMNS},
    default="-sent",
)
MY_REMINDER_SORTS = Sorts(_REMINDER_COLUMNS, default="-sent")
