"""An onboarding import: the job row and its uploaded file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.jobs import Job
from tenancy.scoping import TenantManager


def onboarding_path(instance, filename):
    return f"onboarding/{filename}"


class OnboardingImport(Job):
    """Organisations (with their first administrators) or experts from a CSV or XLSX file."""

    class Kind(models.TextChoices):
        ORGANISATIONS = "organisations", _("Organisations")
        EXPERTS = "experts", _("Experts")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The uploader's organisation: its administrators see the job (a province's office, its colleagues' files).
    organisation = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=onboarding_path)
    original_name = models.CharField(_("file name"), max_length=255)
    source = models.CharField(_("read from"), max_length=300, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=True)
    send_invitations = models.BooleanField(
        _("send invitations"),
        default=True,
        help_text=_("Experts: mail each new expert the link to set a password (administrators are always invited)."),
    )
    language = models.CharField(_("language of the mails"), max_length=8, choices=settings.LANGUAGES)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_rows = models.PositiveIntegerField(_("created"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True, help_text=_("Row, column and message."))

    objects = TenantManager(visibility="tenancy.onboarding.selectors.onboarding_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("onboarding import")
        verbose_name_plural = _("onboarding imports")

    def __str__(self):
        return self.original_name
