"""Evaluation runs (recorded, then queued) and their results per entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.competitions.models import Round, Track
from evaluations.entries.models import Submission
from tenancy.jobs import Job
from tenancy.scoping import TenantManager


class EvaluationRun(Job):
    """One evaluation of a round's entries, recorded before it is queued. `digest` is the SHA-256 of every input
    (entries, claimed values, scores, rubric, rule); a re-run on unchanged inputs gives the same digest and
    identical results. A run of a frozen round (its result published) is a correction: it names the run it
    corrects and why."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="runs")
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    digest = models.CharField(_("digest of the inputs"), max_length=64, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    review_override_reason = models.TextField(
        _("reason for running with missing reviews"),
        blank=True,
        help_text=_("The ministry's written reason for starting the run while entries lacked submitted reviews."),
    )
    reviews_missing = models.JSONField(
        _("reviews missing at the start"),
        default=list,
        blank=True,
        help_text=_("The entries that had fewer submitted reviews than the round's minimum when the run started."),
    )
    excluded_reviews = models.JSONField(
        _("excluded reviews"),
        default=list,
        blank=True,
        help_text=_("Submitted reviews left out because the expert was conflicted when the run loaded its inputs."),
    )
    correction_of = models.ForeignKey(
        "self",
        verbose_name=_("corrects the run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text=_("A run of a round whose result was published corrects the run of that result."),
    )
    correction_reason = models.TextField(
        _("reason for the correction"), blank=True, help_text=_("Why the published result is corrected.")
    )

    objects = TenantManager(visibility="evaluations.runs.selectors.evaluation_run_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")

    def __str__(self):
        return f"#{self.pk} {self.round}"


class Result(models.Model):
    """An entry's result in an evaluation run, with the breakdown that explains every number: per criterion and
    per expert, the raw and the normalised score."""

    run = models.ForeignKey(EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results")
    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="results"
    )
    track = models.ForeignKey(Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="+")
    expert_score = models.DecimalField(_("expert score"), max_digits=9, decimal_places=4)
    indicator_score = models.DecimalField(_("indicator score"), max_digits=9, decimal_places=4)
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=4)
    rank = models.PositiveIntegerField(_("rank in track"))
    advanced = models.BooleanField(_("advances"), default=False)
    breakdown = models.JSONField(_("breakdown"), default=dict)

    objects = TenantManager(visibility="evaluations.runs.selectors.result_visibility")

    class Meta:
        ordering = ["run", "track", "rank", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "submission"],
                name="result_unique",
                violation_error_message=_("The run already has a result for this entry."),
            ),
        ]

    def __str__(self):
        return f"{self.submission_id}: {self.total} (#{self.rank})"
