"""The outbox and the reminder history as exports (tenancy/exports): what the pages show for the same filters and
sort, every page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export
from tenancy.notifications.kinds import KIND_LABELS
from tenancy.visibility import Viewer

from .views import outbox_shown, reminders_shown


def _check_outbox(request):
    outbox_shown(request)  # 403 for anyone but an administrator


def outbox_sheets(request):
    mails, _search, _kind, _status = outbox_shown(request)
    header = [_("Created"), _("To"), _("Organisation"), _("Subject"), _("Kind"), _("Status"), _("Attempts")]
    rows = (
        (
            local_time(mail.created),
            mail.to,
            str(mail.organisation) if mail.organisation else "",
            mail.subject,
            str(KIND_LABELS.get(mail.kind, mail.kind)) if mail.kind else "",
            mail.get_status_display(),
            mail.attempts,
        )
        for mail in mails
    )
    return [(_("Outbox"), header, rows)]


def reminder_sheets(request):
    reminders, _kind = reminders_shown(request)
    everyone = Viewer.for_user(request.user).is_national
    header = [_("Sent"), *([_("To"), _("Organisation")] if everyone else []), _("Reminder"), _("Deadline"), _("Mail")]
    rows = (
        (
            local_time(reminder.created),
            *([reminder.user.username, str(reminder.organisation or "")] if everyone else []),
            str(reminder),
            local_time(reminder.deadline),
            reminder.mail.get_status_display() if reminder.mail else "",
        )
        for reminder in reminders
    )
    return [(_("Reminder history"), header, rows)]


def register():
    register_export("tenancy.outbox", gettext_lazy("Outbox"), outbox_sheets, check=_check_outbox)
    register_export("tenancy.reminders", gettext_lazy("Reminder history"), reminder_sheets)
