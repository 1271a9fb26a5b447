"""Entries (submissions) of a cluster to a round: narrative sections, claimed indicator values with evidence, the
versions frozen at each submission, the endorsements of the supervising governments and the visible trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from evaluations.competitions.models import Criterion, Round, Track
from tenancy.models import Organisation
from tenancy.scoping import TenantManager

# Sections of an entry's narrative, in the order of the entry form (keys are stable: snapshots use them).
SECTIONS = [
    ("overview", _("Cluster overview"), _("Scale, leading enterprises, position in the national layout.")),
    ("chain", _("Industrial chain and collaboration"), _("Chain links, local supporting, the collaboration network.")),
    ("innovation", _("Innovation capability"), _("Platforms, R&D, technology diffusion, standards.")),
    ("openness", _("Openness and cooperation"), _("Cross-region and international cooperation.")),
    ("governance", _("Promotion body and governance"), _("The promotion body, its services and its funding.")),
    ("plan", _("Development goals and measures"), _("Goals for the next three years and how to reach them.")),
]
SECTION_KEYS = [key for key, _label, _help in SECTIONS]
SECTION_MAX_CHARS = 20000


class Submission(models.Model):
    """A cluster's entry in a round, written by its promotion body. An entry of a later round is carried over from
    the cluster's entry that advanced from the round before (`carried_over_from`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ENDORSED = "endorsed", _("Endorsed")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Ineligible (formal check failed)")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Out of the competition: never reviewed, ranked or counted against a province's quota.
    OUT_OF_COMPETITION = (Status.INELIGIBLE, Status.WITHDRAWN)

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="submissions")
    track = models.ForeignKey(Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="submissions")
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="competition_entries"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    sections = models.JSONField(_("narrative sections"), default=dict, blank=True)
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the entry was declared ineligible, or why it was withdrawn.")
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_into",
    )
    revision = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised by every saved change; a save from an older revision is refused.")
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
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
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.entries.selectors.submission_visibility")

    class Meta:
        ordering = ["round", "cluster__name", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "cluster"],
                name="submission_round_cluster_unique",
                violation_error_message=_("This cluster already has an entry in this round."),
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="submission_round_status")]

    def __str__(self):
        return f"{self.cluster} · {self.round}"

    @property
    def is_editable_status(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_withdrawable_status(self):
        return self.status not in self.OUT_OF_COMPETITION


def claimed_evidence_path(instance, filename):
    # Under MEDIA_ROOT, which no URL serves: files leave only through the access-checked download views.
    return f"competition-evidence/entry-{instance.submission_id}/{instance.criterion_id}-{filename}"


class ClaimedValue(models.Model):
    """The value an entry claims for an indicator criterion, with its evidence file."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="claimed_values"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="claimed_values"
    )
    value = models.DecimalField(_("claimed value"), max_digits=20, decimal_places=4)
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=claimed_evidence_path, blank=True, max_length=255)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_size = models.PositiveIntegerField(_("evidence size (bytes)"), null=True, blank=True)
    evidence_type = models.CharField(_("evidence type"), max_length=100, blank=True)
    evidence_sha256 = models.CharField(_("evidence SHA-256"), max_length=64, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.review.selectors.claimed_value_visibility")

    class Meta:
        ordering = ["submission", "criterion__position", "pk"]
        verbose_name = _("claimed value")
        verbose_name_plural = _("claimed values")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion"],
                name="claimed_value_unique",
                violation_error_message=_("The entry already claims a value for this criterion."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class SubmissionVersion(models.Model):
    """The immutable snapshot an entry froze when it was submitted (sections, claimed values, evidence metadata)."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    created = models.DateTimeField(_("submitted"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantManager(visibility="evaluations.entries.selectors.submission_child_visibility")

    class Meta:
        ordering = ["submission", "-number"]
        verbose_name = _("entry version")
        verbose_name_plural = _("entry versions")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"],
                name="submission_version_unique",
                violation_error_message=_("This version of the entry exists."),
            ),
        ]

    def __str__(self):
        return f"v{self.number}"


class Endorsement(models.Model):
    """One supervising local government's decision on one submitted version of an entry."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ENDORSED = "endorsed", _("Endorsed")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("No longer needed")

    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="endorsements"
    )
    version = models.ForeignKey(
        SubmissionVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("local government"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.entries.selectors.submission_child_visibility")

    class Meta:
        ordering = ["submission", "-version__number", "organisation__name"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"],
                name="endorsement_unique",
                violation_error_message=_("This government already decides on this version."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_decision_display()}"


class SubmissionEvent(models.Model):
    """The visible trail of an entry: every transition and decision, who made it, when, and the comment."""

    class Action(models.TextChoices):
        CREATED = "created", _("Entry started")
        SUBMITTED = "submitted", _("Submitted")
        ENDORSED = "endorsed", _("Endorsed by a government")
        FULLY_ENDORSED = "fully_endorsed", _("Endorsed by every supervising government")
        RETURNED = "returned", _("Returned for changes")
        ELIGIBLE = "eligible", _("Declared eligible")
        INELIGIBLE = "ineligible", _("Declared ineligible (formal check failed)")
        WITHDRAWN = "withdrawn", _("Withdrawn by the entrant")
        CARRIED_OVER = "carried_over", _("Carried over from the previous round")

    submission = models.ForeignKey(Submission, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Submission.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Submission.Status.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    created = models.DateTimeField(_("when"))

    objects = TenantManager(visibility="evaluations.entries.selectors.submission_child_visibility")

    class Meta:
        ordering = ["submission", "created", "pk"]
        verbose_name = _("entry event")
        verbose_name_plural = _("entry events")

    def __str__(self):
        return f"{self.get_action_display()} {self.created:%Y-%m-%d %H:%M}"
