import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .invitations.models import Invitation  # noqa: F401 - the app's models module names every model
from .scoping import TenantManager


class BilingualName(models.Model):
    """A Chinese name and an English one; `display_name` follows the active language."""

    class Meta:
        abstract = True

    @property
    def display_name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    def __str__(self):
        return self.display_name


class Region(BilingualName):
    """An administrative division (GB/T 2260), shipped as data."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        COUNTY = "county", _("County")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    longitude = models.DecimalField(_("longitude"), max_digits=10, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=10, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def jurisdiction_prefix(self):
        """Codes of this region and every region below it start with this prefix."""
        if self.level == self.Level.PROVINCE:
            return self.code[:2]
        if self.level == self.Level.PREFECTURE:
            return self.code[:4]
        return self.code


class IndustryField(BilingualName):
    """An industry field: the tracks of the competitions and the fields of clusters and experts."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("industry field")
        verbose_name_plural = _("industry fields")


class Organisation(BilingualName):
    """A tenant: the ministry, a local government or a cluster promotion body."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Ministry")
        LOCAL = "local", _("Local government")
        CLUSTER_BODY = "cluster_body", _("Cluster promotion body")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="national") | models.Q(region__isnull=False),
                name="organisation_region_required",
                violation_error_message=_("Local governments and promotion bodies need a region."),
            ),
        ]


class Membership(models.Model):
    """A user's place in an organisation. A user belongs to one organisation."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="tenancy.selectors.membership_visibility")

    class Meta:
        ordering = ["organisation", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class ExpertProfile(models.Model):
    """A reviewer in the ministry's expert pool (a user role, not a tenant). Name and e-mail are the user's; whether
    the expert is in the pool at all is `user.is_active` (a deactivated expert cannot sign in and gets no new
    assignment), so one switch decides both and no second flag can disagree with it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    affiliation = models.CharField(_("affiliation"), max_length=200)
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("Professional title or position."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    fields = models.ManyToManyField(IndustryField, verbose_name=_("industry fields"), blank=True, related_name="+")
    is_eligible = models.BooleanField(_("eligible"), default=False, help_text=_("Checked by the ministry."))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[fields])

    objects = TenantManager(visibility="tenancy.selectors.expert_profile_visibility")

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class Notification(models.Model):
    """An in-app message to an organisation: every member sees it, and each marks it read for themselves.

    The text is rendered in the reader's language when shown: `kind` names a message template that the
    domain app registers (`tenancy.notifications.services.register_kind`), `params` fills it."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    objects = TenantManager(visibility="tenancy.notifications.services.notification_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["organisation", "-created", "-id"], name="notification_org_created")]

    def __str__(self):
        from tenancy.notifications.kinds import render_message

        return render_message(self)


class NotificationRead(models.Model):
    """A user has read a notification of their organisation."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="reads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    objects = TenantManager(visibility="tenancy.notifications.services.notification_read_visibility")

    class Meta:
        verbose_name = _("notification read")
        verbose_name_plural = _("notification reads")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "user"],
                name="notification_read_unique",
                violation_error_message=_("This notification is already marked read."),
            ),
        ]

    def __str__(self):
        return f"{self.user_id} read {self.notification_id}"


class ApiToken(models.Model):
    """A key for the API (`Authorization: Token …`). A user holds several, each named, expiring and revocable.

    The key is shown once, when it is made; only its SHA-256 digest is stored, so the database (its backups, the admin,
    an SQL console) holds no usable credential. A fast hash is enough: the key is 256 random bits, nothing to guess,
    and the digest is what the one authentication query looks up (tenancy.api.authentication.token_for_key)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False, help_text=_("The key's first characters."))
    created = models.DateTimeField(_("created"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created"], name="apitoken_user_created")]

    def __str__(self):
        return f"{self.prefix}… ({self.name})" if self.name else f"{self.prefix}…"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_revoked(self):
        return self.revoked is not None

    def is_expired(self, now=None):
        return self.expires <= (now or timezone.now())

    @property
    def status(self):
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired() else "active"


# The outgoing mail, mail preferences and reminders (tenancy/mail).
from tenancy.exports.models import ExportJob  # noqa: E402, F401
from tenancy.mail.models import MailPreference, OutgoingMail, Reminder  # noqa: E402, F401

# Bulk onboarding of organisations and experts (tenancy/onboarding).
from tenancy.onboarding.models import OnboardingImport  # noqa: E402, F401
