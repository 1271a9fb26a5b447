from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import BilingualName, IndustryField, Organisation, Region
from tenancy.scoping import TenantManager


class Cluster(BilingualName):
    """An advanced manufacturing cluster, kept by its promotion body."""

    class Tier(models.TextChoices):
        CULTIVATING = "cultivating", _("Cultivating")
        PROVINCIAL = "provincial", _("Provincial")
        NATIONAL = "national", _("National")
        WORLD_CLASS = "world_class", _("World-class")

    class Stage(models.TextChoices):
        POINT = "point", _("Point")
        LINE = "line", _("Line")
        SURFACE = "surface", _("Surface")
        NETWORK = "network", _("Network")

    PUBLIC_TIERS = (Tier.NATIONAL, Tier.WORLD_CLASS)

    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    field = models.ForeignKey(
        IndustryField, verbose_name=_("industry field"), on_delete=models.PROTECT, related_name="clusters"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), through="ClusterRegion", related_name="clusters"
    )
    promotion_body = models.ForeignKey(
        Organisation,
        verbose_name=_("promotion body"),
        on_delete=models.PROTECT,
        related_name="clusters",
        limit_choices_to={"kind": Organisation.Kind.CLUSTER_BODY},
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.CULTIVATING)
    national_since = models.PositiveSmallIntegerField(_("national-level since"), null=True, blank=True)
    stage = models.CharField(_("development stage"), max_length=16, choices=Stage.choices, default=Stage.POINT)
    is_public = models.BooleanField(_("shown in the public register"), default=True)
    summary = models.TextField(_("summary"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="clusters.selectors.cluster_visibility")

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="cluster_name_unique",
                violation_error_message=_("A cluster with this name exists."),
            ),
        ]


class ClusterRegion(models.Model):
    """A region a cluster lies in; a cross-region cluster has several."""

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["cluster", "position"]
        verbose_name = _("cluster region")
        verbose_name_plural = _("cluster regions")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "region"],
                name="cluster_region_unique",
                violation_error_message=_("This region is already listed for the cluster."),
            ),
        ]

    def __str__(self):
        return f"{self.cluster} – {self.region}"
