"""The indicator catalogue and a cluster's yearly observations, with their evidence files."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.profiles.models import Cluster
from tenancy.models import BilingualName
from tenancy.scoping import TenantManager


class Indicator(BilingualName):
    """An indicator of the observation platform's catalogue."""

    class Category(models.TextChoices):
        SCALE = "scale", _("Scale")
        INNOVATION = "innovation", _("Innovation")
        ECOSYSTEM = "ecosystem", _("Ecosystem")
        OPENNESS = "openness", _("Openness")
        GREEN_DIGITAL = "green_digital", _("Green and digital")
        GOVERNANCE = "governance", _("Governance")

    code = models.SlugField(_("code"), max_length=48, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    is_count = models.BooleanField(
        _("count"), default=False, help_text=_("A count of enterprises, platforms, patents…: whole numbers only.")
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    @property
    def display_description(self):
        if (get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description


def evidence_path(instance, filename):
    return f"evidence/cluster-{instance.cluster_id}/{instance.indicator_id}-{instance.year}-{filename}"


class Observation(models.Model):
    """A cluster's yearly value of an indicator, with its verification state.

    Workflow: the promotion body records a draft and submits it; the local government with jurisdiction over the
    cluster (or the ministry) verifies it or returns it with a comment; a returned value is edited and submitted
    again; a verified value is frozen. Monitoring and competitions' indicator criteria read verified values only.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        VERIFIED = "verified", _("Verified")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    FILED = (Status.SUBMITTED, Status.VERIFIED)

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="observations"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(
        _("review comment"), blank=True, help_text=_("Why the government returned the value (kept when verified).")
    )
    history = HistoricalRecords()

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "indicator", "year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "indicator", "year"],
                name="observation_unique",
                violation_error_message=_("This indicator already has a value for this year."),
            ),
        ]
        indexes = [models.Index(fields=["status", "cluster"], name="observation_status")]

    def __str__(self):
        return f"{self.indicator_id} {self.year}: {self.value}"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_filed(self):
        return self.status in self.FILED
