"""A network analysis of a cluster's collaborations and the member figures it computed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.members.models import Member
from clusters.profiles.models import Cluster
from tenancy.jobs import Job
from tenancy.scoping import TenantManager
from tenancy.validators import FIGURE_YEARS, YearRange


class NetworkAnalysis(Job):
    """One stored run of the collaboration-network analysis of a cluster (computed in Celery)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="network_analyses"
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[YearRange(*FIGURE_YEARS)],
        help_text=_("The year analysed: collaborations of that year and before, members' figures of that year."),
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    nodes = models.PositiveIntegerField(_("nodes"), null=True, blank=True)
    edges = models.PositiveIntegerField(_("edges"), null=True, blank=True)
    density = models.FloatField(_("density"), null=True, blank=True)
    components = models.PositiveIntegerField(_("connected components"), null=True, blank=True)
    largest_component = models.PositiveIntegerField(_("largest component"), null=True, blank=True)
    clustering = models.FloatField(_("average clustering coefficient"), null=True, blank=True)
    communities = models.PositiveIntegerField(_("communities"), null=True, blank=True)
    modularity = models.FloatField(_("modularity"), null=True, blank=True)
    betweenness_approximate = models.BooleanField(_("betweenness approximated"), default=False)
    betweenness_error_bound = models.FloatField(_("betweenness error bound"), null=True, blank=True)
    articulation_points = models.JSONField(_("single points of failure"), default=list, blank=True)
    chain_link_coverage = models.JSONField(_("chain-link coverage"), default=list, blank=True)
    local_supporting_rate = models.FloatField(_("local supporting rate"), null=True, blank=True)
    digest = models.CharField(_("input digest"), max_length=64, blank=True)

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "-created"]
        verbose_name = _("network analysis")
        verbose_name_plural = _("network analyses")
        get_latest_by = "created"


class MemberFigure(models.Model):
    """A member's figures in one network analysis."""

    analysis = models.ForeignKey(
        NetworkAnalysis, verbose_name=_("analysis"), on_delete=models.CASCADE, related_name="figures"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="figures")
    degree = models.PositiveIntegerField(_("degree"))
    betweenness = models.FloatField(_("betweenness"))
    pagerank = models.FloatField(_("PageRank"))
    community = models.PositiveIntegerField(_("community"))
    is_articulation_point = models.BooleanField(_("single point of failure"), default=False)

    objects = TenantManager(visibility="clusters.network.selectors.member_figure_visibility")

    class Meta:
        verbose_name = _("member figure")
        verbose_name_plural = _("member figures")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "member"],
                name="member_figure_unique",
                violation_error_message=_("The analysis already has figures for this member."),
            ),
        ]

    def __str__(self):
        return f"{self.member_id} in analysis {self.analysis_id}"
