"""The mail backend the product sends through (`EMAIL_BACKEND`): it records every message as an `OutgoingMail` row
and hands it to the backend that really delivers (`EMAIL_DELIVERY_BACKEND`: the console or a file under var/ for
`make run`, locmem in tests, SMTP in production). Mail sent with Django's `send_mail` by any part of the product
(invitations, password resets) is recorded as well, so the outbox shows everything that left.

A message the product queued itself (a notification's or a reminder's) carries its row's id in the
`X-Outgoing-Mail` header: that row is updated (attempts, status) instead of a new one being written."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from tenancy.scoping import unscoped

MAIL_ID_HEADER = "X-Outgoing-Mail"
KIND_HEADER = "X-Mail-Kind"


def _outgoing_mail():
    from tenancy.models import OutgoingMail

    return OutgoingMail


def _recipient(addresses):
    """The one user a message to a single address is for, and their organisation (else None, None)."""
    from tenancy.models import Membership

    if len(addresses) != 1:
        return None, None
    users = list(get_user_model().objects.filter(email__iexact=addresses[0])[:2])
    if len(users) != 1:
        return None, None
    membership = unscoped(Membership).filter(user=users[0], is_active=True).first()
    return users[0], membership.organisation_id if membership else None


def record(message):
    """The row of `message`: the product's own queued row, or a new one for mail sent from elsewhere."""
    OutgoingMail = _outgoing_mail()
    headers = message.extra_headers
    mail_id = headers.pop(MAIL_ID_HEADER, None)
    if mail_id is not None:
        row = unscoped(OutgoingMail).filter(pk=mail_id).first()
        if row is not None:
            return row
    addresses = [*message.to, *message.cc, *message.bcc]
    user, organisation_id = _recipient(addresses)
    row = OutgoingMail(
        to=", ".join(addresses)[:500],
        subject=str(message.subject)[:300],
        body=str(message.body),
        language=get_language() or "",
        kind=str(headers.pop(KIND_HEADER, ""))[:64],
        user=user,
        organisation_id=organisation_id,
    )
    row.save()
    return row


class RecordingBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        OutgoingMail = _outgoing_mail()
        sent = 0
        for message in email_messages:
            row = record(message)
            rows = unscoped(OutgoingMail).filter(pk=row.pk)
            rows.update(attempts=F("attempts") + 1)
            try:
                delivered = self.delivery.send_messages([message])
            except Exception as error:
                rows.update(status=OutgoingMail.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000])
                if not self.fail_silently:
                    raise
                continue
            if delivered:
                rows.update(status=OutgoingMail.Status.SENT, sent_at=timezone.now(), error="")
                sent += 1
            else:
                rows.update(status=OutgoingMail.Status.FAILED, error="The delivery backend sent nothing.")
        return sent
