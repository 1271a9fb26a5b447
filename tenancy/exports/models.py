"""An export: the job row, what was asked for (which list, its query string, the format) and the file made."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.jobs import Job
from tenancy.scoping import TenantManager

from .registry import export_kind


def export_path(instance, filename):
    return f"exports/{filename}"


class ExportJob(Job):
    """A list as its requester sees it (filters, search and sort; every page), written to a CSV or Excel file."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel")

    # The requester is `created_by`; their organisation when they asked (experts have none). Only they see the job.
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("list"), max_length=64)
    target = models.PositiveBigIntegerField(_("of object"), null=True, blank=True)
    parameters = models.CharField(_("filters"), max_length=2000, blank=True, help_text=_("The list's query string."))
    file_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    objects = TenantManager(visibility="tenancy.exports.selectors.export_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["created_by", "-created"], name="export_requester_created")]

    def __str__(self):
        return f"{self.label} ({self.get_file_format_display()})"

    @property
    def label(self):
        kind = export_kind(self.key)
        return kind.label if kind else self.key

    @property
    def filename(self):
        kind = export_kind(self.key)
        return kind.filename(self) if kind else f"export-{self.pk}.{self.file_format}"
