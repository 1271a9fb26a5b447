"""Public notices of a round's winners and the objections lodged against them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from evaluations.competitions.models import Competition
from evaluations.entries.models import Submission
from evaluations.runs.models import EvaluationRun
from tenancy.scoping import TenantManager


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

    objects = TenantManager(visibility="evaluations.notice.selectors.notice_visibility")

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

    objects = TenantManager(visibility="evaluations.notice.selectors.objection_visibility")

    class Meta:
        ordering = ["notice", "created", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.notice_id}: {self.name}"


class Designation(models.Model):
    """A winner of a competition: the cluster whose entry advanced in the competition's last round, designated when
    the ministry published that round's final result (the notice). The cluster's tier became national then unless it
    already was national-level or above (`tier_before` says which)."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.PROTECT,
        related_name="designations",
    )
    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("notice"), on_delete=models.PROTECT, related_name="designations"
    )
    submission = models.ForeignKey(
        Submission, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="designations"
    )
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="+")
    tier_before = models.CharField(_("tier before"), max_length=16, choices=Cluster.Tier.choices)
    designated_at = models.DateTimeField(_("designated"))
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.notice.selectors.designation_visibility")

    class Meta:
        ordering = ["-designated_at", "pk"]
        verbose_name = _("designated winner")
        verbose_name_plural = _("designated winners")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "cluster"],
                name="designation_unique",
                violation_error_message=_("The notice already designates this cluster."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster_id} · {self.competition_id}"
