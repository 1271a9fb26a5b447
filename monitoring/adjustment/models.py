"""Dynamic adjustment: the ministry's decision on a cluster after a monitoring evaluation, and the cluster's
rectification notes. The tables keep the names they had in the evaluations app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from monitoring.evaluation.models import MonitoringResult, Recommendation
from tenancy.models import Organisation
from tenancy.scoping import TenantManager


class AdjustmentDecision(models.Model):
    """The ministry's decision on a cluster after a monitoring evaluation, with its reason; a drop or a change of
    tier is applied to the cluster when decided."""

    result = models.OneToOneField(
        MonitoringResult, verbose_name=_("result"), on_delete=models.PROTECT, related_name="decision"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Recommendation.choices)
    reason = models.TextField(_("reason"))
    tier_before = models.CharField(_("tier before"), max_length=16, choices=Cluster.Tier.choices)
    tier_after = models.CharField(_("tier after"), max_length=16, choices=Cluster.Tier.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"))
    history = HistoricalRecords(table_name="evaluations_historicaladjustmentdecision")

    objects = TenantManager(visibility="monitoring.evaluation.selectors.monitoring_child_visibility")

    class Meta:
        db_table = "evaluations_adjustmentdecision"
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("adjustment decision")
        verbose_name_plural = _("adjustment decisions")

    def __str__(self):
        return f"{self.result} → {self.get_decision_display()}"


class RectificationNote(models.Model):
    """A cluster's answer to a warning or a decision (by its promotion body or a supervising local government);
    the next evaluation shows it."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="rectification_notes"
    )
    decision = models.ForeignKey(
        AdjustmentDecision,
        verbose_name=_("decision answered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_notes",
    )
    text = models.TextField(_("rectification"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("filed"), auto_now_add=True)
    history = HistoricalRecords(table_name="evaluations_historicalrectificationnote")

    objects = TenantManager(visibility="monitoring.adjustment.selectors.rectification_visibility")

    class Meta:
        db_table = "evaluations_rectificationnote"
        ordering = ["cluster", "-created", "-pk"]
        verbose_name = _("rectification note")
        verbose_name_plural = _("rectification notes")

    def __str__(self):
        return f"{self.cluster} {self.created:%Y-%m-%d}"
