"""The product's outgoing mail: every mail it sends (`OutgoingMail`, written by the recording backend), what each
person wants mailed (`MailPreference`) and the deadline reminders made once per person per deadline (`Reminder`).

Imported by tenancy/models.py; it names the other tenancy models by their label, so it imports none of them."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.scoping import TenantManager

LINK = re.compile(r"https?://\S+")


class OutgoingMail(models.Model):
    """One mail the product sent (or tried to): a notification's, a reminder's, or any mail sent with Django's
    `send_mail` (invitations, password resets), recorded by `tenancy.mail.backends.RecordingBackend`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.CharField(_("to"), max_length=500)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=16, blank=True)
    kind = models.CharField(_("kind"), max_length=64, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("recipient's organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notification = models.ForeignKey(
        "tenancy.Notification",
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mails",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = TenantManager(visibility="tenancy.mail.selectors.outgoing_mail_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "user"],
                condition=models.Q(notification__isnull=False, user__isnull=False),
                name="outgoing_mail_notification_user_unique",
                violation_error_message=_("This notification was already mailed to this person."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-created", "-id"], name="outgoing_mail_org_created")]

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @property
    def shown_body(self) -> str:
        """The text as the outbox shows it: a notification's or reminder's in full; any other mail (an invitation,
        a password reset) without its links, which may carry a sign-in token only its recipient may use."""
        from tenancy.notifications.kinds import NOTIFICATION_KINDS

        if self.kind in NOTIFICATION_KINDS:
            return self.body
        return LINK.sub(str(_("[link hidden in the outbox]")), self.body)


class MailPreference(models.Model):
    """What a person wants mailed: the language of their mail, and their choice per kind of notification
    (a kind they never chose follows its default: on for workflow steps)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="mail_preference"
    )
    language = models.CharField(_("language of mail"), max_length=16, choices=settings.LANGUAGES, blank=True)
    kinds = models.JSONField(_("mail per kind"), default=dict, blank=True, help_text=_("Kind → mailed (true/false)."))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self):
        return f"{self.user_id}"


class Reminder(models.Model):
    """A deadline reminder sent to one person: made once per person, deadline and step (a re-run of the daily
    reminders finds the row and sends nothing new)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("recipient's organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject_type = models.CharField(_("deadline of"), max_length=32)
    subject_id = models.PositiveBigIntegerField(_("object"))
    step = models.CharField(_("step"), max_length=32)
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    mail = models.ForeignKey(
        OutgoingMail, verbose_name=_("mail"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    objects = TenantManager(visibility="tenancy.mail.selectors.reminder_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subject_type", "subject_id", "step"],
                name="reminder_once_per_person_deadline_step",
                violation_error_message=_("This person was already reminded of this deadline at this step."),
            ),
        ]

    def __str__(self):
        from tenancy.notifications.kinds import render_message

        return render_message(self)
