"""Who reads which mail and reminders, and the outbox's and the reminder history's lists.

- The outbox is for administrators: the ministry's administrators read every mail the product sent, an
  organisation's administrator the mail to their organisation's people; nobody else reads any (not even their own:
  it is in their mailbox).
- Reminder history: the ministry reads every reminder, everyone else the reminders sent to them.
"""

from django.db.models import Q

from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

# Visibility ------------------------------------------------------------------------------------------------------


def reads_outbox(viewer: Viewer) -> bool:
    return viewer.organisation_id is not None and viewer.role == "admin"


def outgoing_mail_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if not reads_outbox(viewer):
        return NOTHING
    if viewer.is_national:
        return Q()
    return Q(organisation_id=viewer.organisation_id)


def reminder_visibility(viewer: Viewer) -> Q:
    if viewer.is_system or viewer.is_national:
        return Q()
    if viewer.user_id is None:
        return NOTHING
    return Q(user_id=viewer.user_id)


# Reads -----------------------------------------------------------------------------------------------------------


def outbox(*, search: str = "", kind: str = "", status: str = ""):
    """The visible mail, newest first, narrowed by a search (address or subject), a kind and a status."""
    from tenancy.models import OutgoingMail

    mails = OutgoingMail.objects.select_related("user", "organisation").order_by("-created", "-pk")
    if search:
        mails = mails.filter(Q(to__icontains=search) | Q(subject__icontains=search))
    if kind:
        mails = mails.filter(kind=kind)
    if status:
        mails = mails.filter(status=status)
    return mails


def reminder_history(*, kind: str = ""):
    """The visible reminders, newest first."""
    from tenancy.models import Reminder

    reminders = Reminder.objects.select_related("user", "organisation", "mail").order_by("-created", "-pk")
    if kind:
        reminders = reminders.filter(kind=kind)
    return reminders
