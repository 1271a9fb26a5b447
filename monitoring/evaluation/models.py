"""The annual monitoring evaluation of national and provincial clusters (not a competition): a score per dimension
from observations, network analyses and plan targets under a versioned method, an overall grade, early warnings
with named rules, a keep / warn / drop recommendation, the ministry's decision and the cluster's rectification.

Computation is in `grading.py` (with `method.py`, `inputs.py`, `early_warnings.py`), writes in `services.py`,
visibility in `selectors.py`; the adjustment models are in `monitoring/adjustment/models.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from tenancy.jobs import Job
from tenancy.scoping import TenantManager


class MonitoringDimension(models.TextChoices):
    INNOVATION = "innovation", _("Innovation capability")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("Advanced manufacturing (high-end, intelligent, green)")
    LEADING_ENTERPRISES = "leading_enterprises", _("Leading enterprises")
    ECOSYSTEM = "ecosystem", _("Industrial ecosystem")
    GOVERNANCE = "governance", _("Governance and organisation")


class Recommendation(models.TextChoices):
    KEEP = "keep", _("Keep")
    WARN = "warn", _("Warn")
    DROP = "drop", _("Drop")


class MonitoringMethod(models.Model):
    """A version of the monitoring method the ministry configures: per dimension its weight and its inputs
    (indicators, network figures, plan targets) with their weights, the grade bands, and the warning rules'
    thresholds. A method is never edited once an evaluation used it: a change is a new version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=128)
    description = models.TextField(_("description"), blank=True)
    config = models.JSONField(_("configuration"))
    is_current = models.BooleanField(_("current"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(table_name="evaluations_historicalmonitoringmethod")

    objects = TenantManager(visibility="monitoring.evaluation.selectors.monitoring_method_visibility")

    class Meta:
        db_table = "evaluations_monitoringmethod"
        ordering = ["-version"]
        verbose_name = _("monitoring method")
        verbose_name_plural = _("monitoring methods")

    def __str__(self):
        return f"v{self.version} {self.name}"


class MonitoringEvaluation(Job):
    """One yearly monitoring evaluation (scheduled by beat or started by the ministry), recorded before it is
    queued. `digest` is the SHA-256 of every input, so a re-run on the same data gives the same result."""

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        ON_DEMAND = "on_demand", _("On demand")

    year = models.PositiveSmallIntegerField(_("year evaluated"))
    method = models.ForeignKey(
        MonitoringMethod, verbose_name=_("method"), on_delete=models.PROTECT, related_name="evaluations"
    )
    tiers = models.JSONField(_("tiers evaluated"), default=list)
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices, default=Trigger.ON_DEMAND)
    digest = models.CharField(_("digest of the inputs"), max_length=64, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    completeness = models.JSONField(
        _("data completeness at the start"),
        default=dict,
        blank=True,
        help_text=_("Share of the clusters' indicator inputs with a verified value, and the clusters below it."),
    )
    completeness_reason = models.TextField(
        _("reason to run with incomplete data"),
        blank=True,
        help_text=_("The ministry's reason for starting although the data were below the completeness threshold."),
    )

    objects = TenantManager(visibility="monitoring.evaluation.selectors.monitoring_evaluation_visibility")

    class Meta:
        db_table = "evaluations_monitoringevaluation"
        ordering = ["-year", "-created", "-pk"]
        verbose_name = _("monitoring evaluation")
        verbose_name_plural = _("monitoring evaluations")

    def __str__(self):
        return f"{self.year} #{self.pk}"


class MonitoringResult(models.Model):
    """A cluster's result in a monitoring evaluation: scores per dimension with their inputs, the overall score
    and grade, the change from last year, and the recommendation."""

    evaluation = models.ForeignKey(
        MonitoringEvaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="results"
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="monitoring_results"
    )
    scores = models.JSONField(_("scores per dimension"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict)
    overall = models.DecimalField(_("overall score"), max_digits=7, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=8)
    previous_overall = models.DecimalField(
        _("last year's overall score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    change = models.DecimalField(_("change from last year"), max_digits=7, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=8, choices=Recommendation.choices)

    objects = TenantManager(visibility="monitoring.evaluation.selectors.monitoring_result_visibility")

    class Meta:
        db_table = "evaluations_monitoringresult"
        ordering = ["evaluation", "-overall", "cluster__name"]
        verbose_name = _("monitoring result")
        verbose_name_plural = _("monitoring results")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "cluster"],
                name="monitoring_result_unique",
                violation_error_message=_("The evaluation already has a result for this cluster."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster} {self.grade}"


class EarlyWarning(models.Model):
    """A warning raised by a named rule on a cluster's result, with the figures that triggered it."""

    class Severity(models.TextChoices):
        NOTICE = "notice", _("Notice")
        WARNING = "warning", _("Warning")
        SERIOUS = "serious", _("Serious")

    result = models.ForeignKey(
        MonitoringResult, verbose_name=_("result"), on_delete=models.CASCADE, related_name="warnings"
    )
    rule = models.CharField(_("rule"), max_length=48)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, default=Severity.WARNING)
    details = models.JSONField(_("details"), default=dict)

    objects = TenantManager(visibility="monitoring.evaluation.selectors.monitoring_child_visibility")

    class Meta:
        db_table = "evaluations_earlywarning"
        ordering = ["result", "rule", "pk"]
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")

    def __str__(self):
        return self.rule
