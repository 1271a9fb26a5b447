"""Invitations: how a person joins the product. Whoever adds a person (the first administrator of an organisation,
a colleague, an expert) creates their account without a password and sends an invitation; the person follows the
single-use link before it expires and sets their own password."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.scoping import TenantManager


def key_digest(key: str) -> str:
    """What is stored of an invitation's key: its SHA-256, so that a copy of the database opens no account."""
    return hashlib.sha256(key.encode()).hexdigest()


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation", "Pending")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="invitations"
    )
    # The organisation the person joins; empty for an expert of the ministry's pool.
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="zh-hans")
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sent = models.DateTimeField(_("last sent"), default=timezone.now)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires = models.DateTimeField(_("expires"))
    accepted = models.DateTimeField(_("accepted"), null=True, blank=True)
    withdrawn = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = TenantManager(visibility="tenancy.invitations.selectors.invitation_visibility")

    class Meta:
        ordering = ["-sent", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["organisation", "accepted", "withdrawn"], name="invitation_open")]

    def __str__(self):
        return self.email

    @property
    def status(self) -> str:
        if self.accepted:
            return self.Status.ACCEPTED
        if self.withdrawn:
            return self.Status.WITHDRAWN
        if self.expires <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        """Not yet accepted or withdrawn: it may be sent again (an expired one too) or withdrawn."""
        return self.accepted is None and self.withdrawn is None
