"""Collaborations between clusters: an edge from a member of one cluster to a member of another.

The body that promotes the first cluster proposes it; it is pending until the body that promotes the other cluster
confirms or refuses it (with a reason); the proposer may withdraw it while pending, or after confirmation (which
ends it). Every step is a history record (who, when, the step as the change reason). Kinds, value and year are
those of a cluster's own collaborations (clusters.models.Collaboration).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Collaboration, Member
from tenancy.history import HistoricalRecords
from tenancy.scoping import TenantManager

LINK_VISIBILITY = "exchange.links.selectors.link_visibility"


class ClusterLink(models.Model):
    """A collaboration between a member of one cluster (`source`) and a member of another (`target`)."""

    Kind = Collaboration.Kind

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    source_cluster = models.ForeignKey(
        Cluster, verbose_name=_("from cluster"), on_delete=models.CASCADE, related_name="links_out"
    )
    source = models.ForeignKey(
        Member, verbose_name=_("from member"), on_delete=models.CASCADE, related_name="cluster_links_out"
    )
    target_cluster = models.ForeignKey(
        Cluster, verbose_name=_("to cluster"), on_delete=models.CASCADE, related_name="links_in"
    )
    target = models.ForeignKey(
        Member, verbose_name=_("to member"), on_delete=models.CASCADE, related_name="cluster_links_in"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Collaboration.Kind.choices)
    value = models.DecimalField(_("value (10k CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    proposed_by_organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last step by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided = models.DateTimeField(_("last step on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantManager(visibility=LINK_VISIBILITY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated", "-pk"]
        verbose_name = _("collaboration between clusters")
        verbose_name_plural = _("collaborations between clusters")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source_cluster=models.F("target_cluster")),
                name="cluster_link_two_clusters",
                violation_error_message=_("A collaboration between clusters joins two different clusters."),
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                condition=models.Q(status="pending"),
                name="cluster_link_one_pending",
                violation_error_message=_("The same collaboration is already waiting for confirmation."),
            ),
        ]
        indexes = [
            models.Index(fields=["source_cluster", "status"], name="cluster_link_source_status"),
            models.Index(fields=["target_cluster", "status"], name="cluster_link_target_status"),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.target_id} ({self.kind})"
