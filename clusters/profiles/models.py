"""A cluster's profile: the cluster, its regions, chain links and milestones."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.history import HistoricalRecords
from tenancy.models import BilingualName, IndustryField, Organisation, Region
from tenancy.scoping import TenantManager
from tenancy.search import SearchTokensField
from tenancy.validators import MILESTONE_YEARS, YearRange, validate_name


class ClusterRegion(models.Model):
    """A region a cluster lies in; a cross-region cluster has several."""

    cluster = models.ForeignKey("Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_region_visibility")

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

    name = models.CharField(_("name"), max_length=128, validators=[validate_name])
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    field = models.ForeignKey(
        IndustryField, verbose_name=_("industry field"), on_delete=models.PROTECT, related_name="clusters"
    )
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), through=ClusterRegion, related_name="clusters")
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
    search_tokens = SearchTokensField(_("search tokens"))  # name and English name (tenancy.search)
    # The regions' changes are in the cluster's history; the search column is derived, not a change.
    history = HistoricalRecords(m2m_fields=[regions], excluded_fields=["search_tokens"])

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_visibility")

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


class ChainSegment(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class ChainCategory(BilingualName):
    """A category of an industry field's chain shared by every cluster of the field (芯片与元器件 in electronic
    information): the taxonomy that clusters' own chain links map to, so that chains can be compared across
    clusters. Shipped reference data, the same for everyone."""

    field = models.ForeignKey(
        IndustryField, verbose_name=_("industry field"), on_delete=models.PROTECT, related_name="chain_categories"
    )
    code = models.SlugField(_("code"), max_length=48)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)
    segment = models.CharField(_("segment"), max_length=16, choices=ChainSegment.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["field", "position", "code"]
        verbose_name = _("chain category")
        verbose_name_plural = _("chain categories")
        constraints = [
            models.UniqueConstraint(fields=["field", "code"], name="chain_category_code_unique"),
            models.UniqueConstraint(
                fields=["field", "name"],
                name="chain_category_name_unique",
                violation_error_message=_("The industry field already has a chain category with this name."),
            ),
        ]

    def __str__(self):
        return self.display_name


class ChainLink(models.Model):
    """An ordered segment of the cluster's industrial chain, mapped to a category of its field's shared chain."""

    Segment = ChainSegment

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="chain_links"
    )
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    segment = models.CharField(_("segment"), max_length=16, choices=Segment.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    category = models.ForeignKey(
        ChainCategory,
        verbose_name=_("chain category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_links",
        help_text=_("The category of the field's shared chain this link belongs to."),
    )

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "position", "pk"]
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="chain_link_name_unique",
                violation_error_message=_("The cluster already has a chain link with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """A link maps only to a category of its own cluster's industry field."""
        super().clean()
        if self.category_id is not None and self.cluster_id is not None:
            field_id = ChainCategory.objects.filter(pk=self.category_id).values_list("field_id", flat=True).first()
            if field_id != self.cluster.field_id:
                raise ValidationError(
                    {"category": _("Choose a chain category of the cluster's industry field.")},
                    code="category_field",
                )


class Milestone(models.Model):
    """An event in the cluster's formation history, shown on its timeline."""

    class Kind(models.TextChoices):
        TRIGGER_EVENT = "trigger_event", _("Trigger event")
        RELOCATION = "relocation", _("Relocation")
        POLICY = "policy", _("Policy")
        LEADING_ENTERPRISE = "leading_enterprise", _("Leading enterprise")
        TRANSFORMATION = "transformation", _("Transformation")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[YearRange(*MILESTONE_YEARS)],
        help_text=_("Leave empty when the source gives no year."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")

    class Meta:
        # Milestones without a year first (the article gives none for the oldest events), then by year.
        ordering = ["cluster", models.F("year").asc(nulls_first=True), "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.year} {self.title}" if self.year is not None else self.title
