"""The review side of a competition: conflicts of interest declared for experts, the assignment of experts to
entries, their reviews (a score per expert criterion), evaluation runs with their results, and the public notice of
the proposed winners with the objections lodged against it.

Visibility (DESIGN §2) is in `selectors.py`; writes are in `review_services.py`, `scoring.py` and
`notice_services.py`; who may do what in `rules.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from evaluations.competitions.models import Criterion, Round, Submission, Track
from tenancy.jobs import Job
from tenancy.models import ExpertProfile
from tenancy.scoping import TenantManager


class ConflictDeclaration(models.Model):
    """A conflict of interest declared for an expert with a cluster (by the expert or by the ministry). The
    automatic assignment and the manual override both refuse an expert for the entries of that cluster."""

    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("declared"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.selectors.conflict_visibility")

    class Meta:
        ordering = ["expert", "cluster"]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "cluster"],
                name="conflict_declaration_unique",
                violation_error_message=_("This conflict is already declared."),
            ),
        ]

    def __str__(self):
        return f"{self.expert} × {self.cluster}"


class Assignment(models.Model):
    """An expert assigned to review an entry."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        RECUSED = "recused", _("Recused")

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        MANUAL = "manual", _("Manual")

    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ASSIGNED)
    source = models.CharField(_("assigned by"), max_length=16, choices=Source.choices, default=Source.AUTOMATIC)
    recusal_reason = models.CharField(_("reason for recusal"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("assigned"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.selectors.assignment_visibility")

    class Meta:
        ordering = ["submission", "expert"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "expert"],
                name="assignment_unique",
                violation_error_message=_("This expert is already assigned to this entry."),
            ),
        ]
        indexes = [models.Index(fields=["expert", "status"], name="assignment_expert_status")]

    def __str__(self):
        return f"{self.expert} → {self.submission_id}"


class Review(models.Model):
    """An expert's review of an assigned entry: a score per expert criterion and comments."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.selectors.review_visibility")

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.assignment}"


class ReviewScore(models.Model):
    """One score of a review, for one expert criterion, between 0 and the criterion's maximum."""

    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)

    objects = TenantManager(visibility="evaluations.selectors.review_child_visibility")

    class Meta:
        ordering = ["review", "criterion__position", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="review_score_unique",
                violation_error_message=_("The review already scores this criterion."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0),
                name="review_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class EvaluationRun(Job):
    """One evaluation of a round's entries, recorded before it is queued. `digest` is the SHA-256 of every input
    (entries, claimed values, scores, rubric, rule); a re-run on unchanged inputs gives the same digest and
    identical results."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="runs")
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    digest = models.CharField(_("digest of the inputs"), max_length=64, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    objects = TenantManager(visibility="evaluations.selectors.evaluation_run_visibility")

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

    objects = TenantManager(visibility="evaluations.selectors.result_visibility")

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


class PublicNotice(models.Model):
    """The public notice (公示) of an evaluation run's proposed winners, open for objections for a period
    (5 days by default); after it, the final result is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for objections")
        CLOSED = "closed", _("Closed")
        FINAL = "final", _("Final result published")

    run = models.OneToOneField(
        EvaluationRun, verbose_name=_("evaluation run"), on_delete=models.PROTECT, related_name="notice"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    opens = models.DateTimeField(_("notice opens"), null=True, blank=True)
    closes = models.DateTimeField(_("notice closes"), null=True, blank=True)
    final_published_at = models.DateTimeField(_("final result published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.selectors.notice_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self):
        return self.title


class Objection(models.Model):
    """An objection lodged against a public notice, by anyone (anonymous visitors included), with contact details;
    the ministry records how it was handled and the answer."""

    class Status(models.TextChoices):
        LODGED = "lodged", _("Lodged")
        HANDLED = "handled", _("Handled")

    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="objections"
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("entry objected to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact (telephone or e-mail)"), max_length=200)
    text = models.TextField(_("objection"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.LODGED)
    handling = models.TextField(_("how it was handled"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lodged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("lodged"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.selectors.objection_visibility")

    class Meta:
        ordering = ["notice", "created", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.notice_id}: {self.name}"
