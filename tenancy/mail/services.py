"""Mailing the product's notifications and reminders.

A notification (tenancy.notifications.services.notify) is mailed, once its transaction commits, to each active
member of the notified organisation who has an address and wants its kind mailed (`mail_wanted`): one
`OutgoingMail` row per (notification, person), written before anything is sent, so a retried task finds the row
and never mails a person twice. Each mail is written in the person's language (their preference, else Chinese)
from the notification's own text and carries an absolute link to the page of the work.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from tenancy.mail.backends import MAIL_ID_HEADER
from tenancy.notifications.kinds import KIND_LABELS, MAILED_BY_DEFAULT, render_message
from tenancy.scoping import unscoped

# Preferences -----------------------------------------------------------------------------------------------------


def mail_wanted(*, kind: str, preference=None) -> bool:
    """Whether a person with this preference (None: never chosen) wants `kind` mailed."""
    chosen = (preference.kinds or {}).get(kind) if preference is not None else None
    if chosen is None:
        return MAILED_BY_DEFAULT.get(kind, True)
    return bool(chosen)


def mail_language(preference=None) -> str:
    return (preference.language if preference is not None else "") or settings.LANGUAGE_CODE


def mail_preference_of(user):
    from tenancy.models import MailPreference

    return MailPreference.objects.filter(user=user).first()


def mail_preference_rows(*, user) -> list[tuple[str, str, bool]]:
    """(kind, label, mailed) for every kind of notification, by label, as this user has them."""
    preference = mail_preference_of(user)
    rows = [(kind, str(label), mail_wanted(kind=kind, preference=preference)) for kind, label in KIND_LABELS.items()]
    return sorted(rows, key=lambda row: (row[0].split(".")[0], row[1]))


def mail_preference_update(*, user, language: str, mailed: set[str]):
    """Keep the user's choice: mail in `language`, and mail exactly the kinds in `mailed`."""
    from tenancy.models import MailPreference

    kinds = {kind: kind in mailed for kind in KIND_LABELS}
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"language": language, "kinds": kinds}
    )
    return preference


# Writing a mail --------------------------------------------------------------------------------------------------


def absolute_link(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.SITE_URL.rstrip("/") + link


def render_mail(*, message_source, language: str, user) -> tuple[str, str]:
    """(subject, body) of the mail of a notification or a reminder, in `language`."""
    with translation.override(language):
        message = render_message(message_source)
        context = {
            "message": message,
            "link": absolute_link(message_source.link),
            "name": user.get_full_name() or user.get_username(),
            "label": KIND_LABELS.get(message_source.kind, message_source.kind),
            "preferences": absolute_link("/notifications/mail/"),
        }
        subject = render_to_string("tenancy/mail/subject.txt", context).strip()
        body = render_to_string("tenancy/mail/body.txt", context)
    return " ".join(subject.split())[:300], body


def mail_queue(*, message_source, user, organisation_id=None, notification=None):
    """Write the queued mail of a notification or reminder to `user` (not sent yet)."""
    from tenancy.models import OutgoingMail

    preference = mail_preference_of(user)
    language = mail_language(preference)
    subject, body = render_mail(message_source=message_source, language=language, user=user)
    mail = OutgoingMail(
        to=user.email,
        subject=subject,
        body=body,
        language=language,
        kind=message_source.kind,
        user=user,
        organisation_id=organisation_id,
        notification=notification,
    )
    mail.save()
    return mail


def notification_recipients(notification):
    """The active members of the notified organisation who have an address, with their preferences."""
    from tenancy.models import Membership

    users = (
        get_user_model()
        .objects.filter(
            pk__in=unscoped(Membership)
            .filter(organisation_id=notification.organisation_id, is_active=True)
            .values("user_id"),
            is_active=True,
        )
        .exclude(email="")
        .select_related("mail_preference")
        .order_by("pk")
    )
    return [user for user in users if mail_wanted(kind=notification.kind, preference=_preference(user))]


def _preference(user):
    try:
        return user.mail_preference
    except get_user_model().mail_preference.RelatedObjectDoesNotExist:
        return None


def notification_mails_create(*, notification_ids) -> list[int]:
    """Write the mails of these notifications (one per notification and recipient; a row already written is
    kept) and return the ids of those not sent yet."""
    from tenancy.models import Notification, OutgoingMail

    pending = []
    for notification in unscoped(Notification).filter(pk__in=notification_ids).order_by("pk"):
        existing = {
            mail.user_id: mail for mail in unscoped(OutgoingMail).filter(notification=notification, user__isnull=False)
        }
        for user in notification_recipients(notification):
            mail = existing.get(user.pk) or mail_queue(
                message_source=notification,
                user=user,
                organisation_id=notification.organisation_id,
                notification=notification,
            )
            if mail.status != OutgoingMail.Status.SENT:
                pending.append(mail.pk)
    return pending


# Sending ---------------------------------------------------------------------------------------------------------


def mails_deliver(*, mail_ids) -> int:
    """Send the queued or failed mails among `mail_ids` (a sent one is never sent again); raises after trying
    all of them if one failed, so that the task retries the rest later. Returns how many were sent.

    Each mail is sent holding its row's lock, and skipped if another worker holds it (a task delivered twice at
    once), so two workers never send the same mail."""
    from tenancy.models import OutgoingMail

    sent, failures = 0, []
    with get_connection() as connection:
        for mail_id in sorted(mail_ids):
            with transaction.atomic():
                mail = (
                    unscoped(OutgoingMail)
                    .select_for_update(skip_locked=True)
                    .filter(pk=mail_id)
                    .exclude(status=OutgoingMail.Status.SENT)
                    .first()
                )
                if mail is None:
                    continue
                message = EmailMessage(
                    subject=mail.subject,
                    body=mail.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[mail.to],
                    headers={MAIL_ID_HEADER: str(mail.pk)},
                    connection=connection,
                )
                try:
                    sent += message.send()
                except Exception as error:  # noqa: BLE001 - recorded on the row (kept: caught inside the block)
                    failures.append(error)
    if failures:
        raise MailDeliveryError(f"{len(failures)} of the mails failed: {failures[0]}") from failures[0]
    return sent


class MailDeliveryError(Exception):
    """Some mails could not be delivered (each failure is recorded on its row); the task tries them again."""
