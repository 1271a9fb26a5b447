"""In-app notifications: a message to an organisation that each of its members sees and marks read.

Domain apps register the kinds of message they send (`register_kind`), with a translatable template whose
`%(name)s` placeholders the notification's `params` fill; the text is rendered in the reader's language when
it is shown. A parameter `x` may come with `x_en`, used when the reader reads English.

Visibility: a user sees the notifications of their own organisation only (experts and anonymous visitors,
who have none, see nothing).
"""

from celery import current_app
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from tenancy.notifications.kinds import NOTIFICATION_KINDS, register_kind, render_message  # noqa: F401 - re-exported
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

# Visibility ------------------------------------------------------------------------------------------------------


def notification_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.organisation_id is None:
        return NOTHING
    return Q(organisation_id=viewer.organisation_id)


def notification_read_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.user_id is None or viewer.organisation_id is None:
        return NOTHING
    return Q(user_id=viewer.user_id, notification__organisation_id=viewer.organisation_id)


# Reads -----------------------------------------------------------------------------------------------------------


def notifications_for(*, user):
    """The viewer's organisation's notifications, newest first, each with `is_read` for this user."""
    from tenancy.models import Notification, NotificationRead

    reads = NotificationRead.objects.filter(notification=OuterRef("pk"), user_id=user.pk)
    return Notification.objects.select_related("actor").annotate(is_read=Exists(reads)).order_by("-created", "-pk")


def unread_count(*, user) -> int:
    """How many of the organisation's notifications this user has not read (one query)."""
    from tenancy.models import Notification, NotificationRead

    reads = NotificationRead.objects.filter(notification=OuterRef("pk"), user_id=user.pk)
    return Notification.objects.filter(~Exists(reads)).count()


# Writes ----------------------------------------------------------------------------------------------------------


def notify(organisations, *, kind: str, params: dict | None = None, link: str = "", actor=None, mail=True) -> list:
    """Send one notification to each organisation (duplicates and None dropped); returns the notifications.
    Unless `mail` is false, their members who want this kind mailed get it by e-mail once the transaction
    commits (tenancy.mail)."""
    from tenancy.models import Notification

    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}: register it with register_kind().")
    seen, rows = set(), []
    for organisation in organisations:
        pk = getattr(organisation, "pk", organisation)
        if pk is None or pk in seen:
            continue
        seen.add(pk)
        rows.append(Notification(organisation_id=pk, actor=actor, kind=kind, params=params or {}, link=link))
    created = Notification.objects.bulk_create(rows)
    if mail and created:
        ids = [notification.pk for notification in created]
        # Queued by name once committed, as tenancy.tasks.enqueue does (the mail task imports this module).
        transaction.on_commit(lambda: current_app.tasks["tenancy.mail_notifications"].delay(ids), robust=True)
    return created


def notification_mark_read(*, notification, user) -> None:
    from tenancy.models import NotificationRead

    try:
        with transaction.atomic():
            NotificationRead.objects.get_or_create(notification=notification, user=user)
    except IntegrityError:  # marked read by a concurrent request
        pass


def notification_mark_all_read(*, user) -> int:
    """Mark every notification of the user's organisation read; returns how many were unread."""
    from tenancy.models import NotificationRead

    unread = list(notifications_for(user=user).filter(is_read=False).values_list("pk", flat=True))
    NotificationRead.objects.bulk_create(
        [NotificationRead(notification_id=pk, user=user) for pk in unread], ignore_conflicts=True
    )
    return len(unread)
