"""Cultivation plans: plans, key tasks, targets, frozen versions and the workflow's transitions.

A local government files a plan for a cluster in its jurisdiction (a cross-region cluster's plan may have
several owning governments, each of which edits it). Workflow: draft → submitted → approved, or
submitted → returned (with the ministry's comment) → submitted again. Each submission freezes an immutable
`PlanVersion`; every transition is a `PlanTransition` row (who, when, from, to, comment).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.errors import Refusal
from tenancy.fastpaths import prefetched
from tenancy.scoping import TenantManager
from tenancy.search import SearchTokensField

__all__ = ["CultivationPlan", "KeyTask", "PlanTarget", "PlanTransition", "PlanVersion", "ImmutableRowError"]

PLAN_VISIBILITY = "policies.plans.selectors.plan_visibility"
PLAN_CHILD_VISIBILITY = "policies.plans.selectors.plan_child_visibility"


class CultivationPlan(models.Model):
    """A cluster's cultivation and upgrading plan 培育提升方案, filed by the local government(s)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    STAGE_FIELDS = ("stage_point", "stage_line", "stage_surface", "stage_network")
    TEXT_FIELDS = ("title", "period_start", "period_end", "overall_thinking", *STAGE_FIELDS)

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="cultivation_plans"
    )
    owners = models.ManyToManyField(
        "tenancy.Organisation",
        verbose_name=_("owning local governments"),
        related_name="cultivation_plans",
        limit_choices_to={"kind": "local"},
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("first year of the period"))
    period_end = models.PositiveSmallIntegerField(_("last year of the period"))
    overall_thinking = models.TextField(_("overall thinking"), blank=True)
    stage_point = models.TextField(_("point stage goal"), blank=True, help_text=_("Leading enterprises and anchors."))
    stage_line = models.TextField(_("line stage goal"), blank=True, help_text=_("Chains along the industry."))
    stage_surface = models.TextField(_("surface stage goal"), blank=True, help_text=_("A cluster across the region."))
    stage_network = models.TextField(
        _("network stage goal"), blank=True, help_text=_("An open network of collaboration.")
    )
    key_chain_links = models.ManyToManyField(
        "clusters.ChainLink",
        verbose_name=_("key chain links"),
        related_name="key_in_plans",
        blank=True,
        help_text=_(
            "The links of the cluster's industrial chain the plan builds on. An empty link is a warning only when "
            "the approved plan names it here; otherwise it is shown as information (the article warns against "
            "pursuing the entire chain for its own sake)."
        ),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(
        _("current version"), default=0, help_text=_("Number of the latest submitted version; 0 before the first.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    search_tokens = SearchTokensField(_("search tokens"))  # the title (tenancy.search); derived, not in the history
    history = HistoricalRecords(m2m_fields=[owners], excluded_fields=["search_tokens"])

    objects = TenantManager(visibility=PLAN_VISIBILITY)

    class Meta:
        ordering = ["-updated", "-pk"]
        verbose_name = _("cultivation plan")
        verbose_name_plural = _("cultivation plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["cluster", "status"], name="plan_cluster_status")]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def owner_ids(self) -> set[int]:
        """The owning organisations' ids (from the prefetch when there is one)."""
        cached = prefetched(self, "owners")
        if cached is not None:
            return {organisation.pk for organisation in cached}
        if not hasattr(self, "_owner_ids"):
            self._owner_ids = set(
                self.owners.through.objects.filter(cultivationplan_id=self.pk).values_list("organisation_id", flat=True)
            )
        return self._owner_ids


class KeyTask(models.Model):
    """A key task of a plan, with the department responsible and its deadline."""

    plan = models.ForeignKey(CultivationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    task = models.TextField(_("task"))
    department = models.CharField(_("responsible department"), max_length=200)
    deadline = models.DateField(_("deadline"))
    history = HistoricalRecords()

    objects = TenantManager(visibility=PLAN_CHILD_VISIBILITY)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")

    def __str__(self):
        return self.task[:60]


class PlanTarget(models.Model):
    """A measurable target: an indicator of the catalogue from a baseline (year, value) to a target (year, value)."""

    plan = models.ForeignKey(CultivationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        "clusters.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="plan_targets"
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=20, decimal_places=4)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    history = HistoricalRecords()

    objects = TenantManager(visibility=PLAN_CHILD_VISIBILITY)

    class Meta:
        ordering = ["plan", "indicator__position", "pk"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator"],
                name="plan_target_indicator_unique",
                violation_error_message=_("The plan already has a target for this indicator."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="plan_target_years_ordered",
                violation_error_message=_("The target year must come after the baseline year."),
            ),
        ]

    def __str__(self):
        baseline = f"{self.baseline_value} ({self.baseline_year})"
        return f"{self.indicator_id}: {baseline} → {self.target_value} ({self.target_year})"


class ImmutableRowError(Refusal):
    """A frozen row (a submitted version, a recorded transition) was asked to change."""

    default_code = "frozen"


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRowError(_("Frozen rows cannot be changed."))

    def delete(self):
        raise ImmutableRowError(_("Frozen rows cannot be deleted."))


class ImmutableModel(models.Model):
    """Rows written once: saving an existing row, deleting one, or a queryset update/delete raises.
    (The database refuses UPDATE and DELETE too: see the migration's triggers.)"""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(_("A frozen %(model)s cannot be changed.") % {"model": self._meta.verbose_name})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError(_("A frozen %(model)s cannot be deleted.") % {"model": self._meta.verbose_name})


def immutable_tenant_manager(visibility):
    """A TenantManager whose querysets refuse bulk update and delete."""
    return TenantManager(visibility).__class__.from_queryset(ImmutableQuerySet)()


class PlanVersion(ImmutableModel):
    """The plan as it was submitted: a frozen snapshot of the plan, its key tasks and targets."""

    plan = models.ForeignKey(CultivationPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = immutable_tenant_manager(PLAN_CHILD_VISIBILITY)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="plan_version_unique",
                violation_error_message=_("The plan already has a version with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"


class PlanTransition(ImmutableModel):
    """One step of the workflow, for the audit trail: who, when, from which status to which, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RESUBMIT = "resubmit", _("Resubmitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned with comments")

    plan = models.ForeignKey(
        CultivationPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=CultivationPlan.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=CultivationPlan.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveSmallIntegerField(_("version"), help_text=_("The plan's version after this step."))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = immutable_tenant_manager(PLAN_CHILD_VISIBILITY)

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("plan transition")
        verbose_name_plural = _("plan transitions")

    def __str__(self):
        return f"{self.plan_id}: {self.from_status} → {self.to_status}"
