"""A bulk import of members or collaborations: the job row and its uploaded file."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.profiles.models import Cluster
from tenancy.jobs import Job
from tenancy.scoping import TenantManager
from tenancy.validators import FIGURE_YEARS, YearRange


def import_path(instance, filename):
    return f"imports/cluster-{instance.cluster_id}/{filename}"


class ImportJob(Job):
    """A bulk import of members or collaborations from a CSV or XLSX file."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members")
        COLLABORATIONS = "collaborations", _("Collaborations")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=import_path)
    original_name = models.CharField(_("file name"), max_length=255)
    source = models.CharField(
        _("read from"),
        max_length=300,
        blank=True,
        help_text=_("What was read: the sheet of a workbook or the separator of a CSV file, and the header's rows."),
    )
    year = models.PositiveSmallIntegerField(
        _("year of the figures"),
        null=True,
        blank=True,
        validators=[YearRange(*FIGURE_YEARS)],
        help_text=_("The year the members' figures in the file are for (member imports)."),
    )
    dry_run = models.BooleanField(_("dry run"), default=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_rows = models.PositiveIntegerField(_("created"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True, help_text=_("Row, column and message."))
    notes = models.JSONField(
        _("notes"),
        default=list,
        blank=True,
        help_text=_(
            "Row, column and message of what is known elsewhere of a row (a credit code that members of other "
            "clusters hold): proposals, not problems."
        ),
    )

    objects = TenantManager(visibility="clusters.imports.selectors.import_job_visibility")

    class Meta:
        ordering = ["cluster", "-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
