"""The expert review: conflicts of interest, assignments of experts to entries, reviews and their scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from evaluations.competitions.models import Criterion
from evaluations.entries.models import Submission
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

    objects = TenantManager(visibility="evaluations.review.selectors.conflict_visibility")

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

    objects = TenantManager(visibility="evaluations.review.selectors.assignment_visibility")

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
    conflict_flagged = models.BooleanField(
        _("flagged for a conflict of interest"),
        default=False,
        db_default=False,  # rows written by COPY (the bench) need no value
        help_text=_("A conflict of the expert with the entry's cluster came to light after the review was submitted."),
    )
    conflict_flag_reason = models.CharField(_("reason for the flag"), max_length=300, blank=True, db_default="")
    conflict_flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.review.selectors.review_visibility")

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

    objects = TenantManager(visibility="evaluations.review.selectors.review_child_visibility")

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


class ReviewChange(models.Model):
    """One change of a review's content, written by the review's save in the same transaction: the score of one
    criterion (old and new; empty where there was or is no score) or the comments (no criterion). One row per
    changed score or comment per save, so a rubric of any length keeps every change. The entry and the expert are
    kept with the row, so the trail outlives a draft review removed with its assignment. The ministry's to read."""

    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="review_changes"
    )
    expert = models.ForeignKey(ExpertProfile, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for a change of the comments."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("changed"))
    old_score = models.DecimalField(_("old score"), max_digits=6, decimal_places=2, null=True, blank=True)
    new_score = models.DecimalField(_("new score"), max_digits=6, decimal_places=2, null=True, blank=True)
    old_comments = models.TextField(_("old comments"), blank=True)
    new_comments = models.TextField(_("new comments"), blank=True)

    objects = TenantManager(visibility="evaluations.review.selectors.review_change_visibility")

    class Meta:
        ordering = ["-created", "pk"]  # newest save first; within a save, the rubric's order, then the comments
        verbose_name = _("change of a review")
        verbose_name_plural = _("changes of reviews")
        indexes = [
            models.Index(fields=["review", "-created", "id"], name="review_change_review"),
            models.Index(fields=["submission", "-created", "id"], name="review_change_entry"),
        ]

    def __str__(self):
        return f"{self.review_id}: {self.criterion_id or 'comments'}"

    @property
    def is_comment(self):
        return self.criterion_id is None
