from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.jobs import Job
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

    objects = TenantManager(visibility="clusters.selectors.cluster_region_visibility")

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


class ChainLink(models.Model):
    """An ordered segment of the cluster's industrial chain."""

    class Segment(models.TextChoices):
        UPSTREAM = "upstream", _("Upstream")
        MIDSTREAM = "midstream", _("Midstream")
        DOWNSTREAM = "downstream", _("Downstream")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="chain_links"
    )
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    segment = models.CharField(_("segment"), max_length=16, choices=Segment.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = TenantManager(visibility="clusters.selectors.cluster_child_visibility")

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


class Milestone(models.Model):
    """An event in the cluster's formation history, shown on its timeline."""

    class Kind(models.TextChoices):
        TRIGGER_EVENT = "trigger_event", _("Trigger event")
        RELOCATION = "relocation", _("Relocation")
        POLICY = "policy", _("Policy")
        LEADING_ENTERPRISE = "leading_enterprise", _("Leading enterprise")
        TRANSFORMATION = "transformation", _("Transformation")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = TenantManager(visibility="clusters.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "year", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.year} {self.title}"


class Member(models.Model):
    """One node of the cluster: an enterprise, university, institute, platform or other actor."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        INNOVATION_PLATFORM = "innovation_platform", _("Innovation platform")
        SERVICE_INSTITUTION = "service_institution", _("Service institution")
        INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
        FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")
        MARKET = "market", _("Market")

    class PlatformLevel(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")

    class SizeClass(models.TextChoices):
        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.ENTERPRISE)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, help_text=_("18 characters, GB 32100 checksum.")
    )
    platform_level = models.CharField(_("platform level"), max_length=16, choices=PlatformLevel.choices, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, blank=True)
    is_leading = models.BooleanField(_("leading enterprise"), default=False)
    is_single_champion = models.BooleanField(_("single champion"), default=False)
    is_little_giant = models.BooleanField(_("little giant"), default=False)
    is_srdi_sme = models.BooleanField(_("SRDI SME"), default=False)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    chain_links = models.ManyToManyField(ChainLink, verbose_name=_("chain links"), blank=True, related_name="members")
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_local = models.BooleanField(_("inside the cluster's regions"), default=True)
    revenue = models.DecimalField(_("revenue (10k CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    rd_spend = models.DecimalField(_("R&D spend (10k CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    patents = models.PositiveIntegerField(_("patents"), null=True, blank=True)
    joined_year = models.PositiveSmallIntegerField(_("year joined"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantManager(visibility="clusters.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "credit_code"],
                condition=~models.Q(credit_code=""),
                name="member_credit_code_unique",
                violation_error_message=_("A member of this cluster already has this credit code."),
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "kind"], name="member_cluster_kind"),
            # The member list's default order: a page of a 10,000-member cluster is read from the index, not sorted.
            models.Index(fields=["cluster", "name", "id"], name="member_cluster_name"),
        ]

    def __str__(self):
        return self.name


class Collaboration(models.Model):
    """An edge of the collaboration network between two members of a cluster."""

    class Kind(models.TextChoices):
        SUPPLY = "supply", _("Supply")
        RD = "rd", _("R&D cooperation")
        JOINT_VENTURE = "joint_venture", _("Joint venture")
        INVESTMENT = "investment", _("Investment")
        LICENSING = "licensing", _("Technology licensing")
        TALENT = "talent", _("Talent flow")
        STANDARD = "standard", _("Standard setting")
        PLATFORM_SERVICE = "platform_service", _("Platform service")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="collaborations"
    )
    source = models.ForeignKey(Member, verbose_name=_("from"), on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(Member, verbose_name=_("to"), on_delete=models.CASCADE, related_name="incoming")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    value = models.DecimalField(_("value (10k CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    objects = TenantManager(visibility="clusters.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "pk"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="collaboration_not_a_loop",
                violation_error_message=_("A member cannot collaborate with itself."),
            ),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.target_id} ({self.kind})"


class Indicator(BilingualName):
    """An indicator of the observation platform's catalogue."""

    class Category(models.TextChoices):
        SCALE = "scale", _("Scale")
        INNOVATION = "innovation", _("Innovation")
        ECOSYSTEM = "ecosystem", _("Ecosystem")
        OPENNESS = "openness", _("Openness")
        GREEN_DIGITAL = "green_digital", _("Green and digital")
        GOVERNANCE = "governance", _("Governance")

    code = models.SlugField(_("code"), max_length=48, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    @property
    def display_description(self):
        if (get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description


def evidence_path(instance, filename):
    return f"evidence/cluster-{instance.cluster_id}/{instance.indicator_id}-{instance.year}-{filename}"


class Observation(models.Model):
    """A cluster's yearly value of an indicator."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="observations"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="clusters.selectors.cluster_child_visibility")

    class Meta:
        ordering = ["cluster", "indicator", "year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "indicator", "year"],
                name="observation_unique",
                violation_error_message=_("This indicator already has a value for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.year}: {self.value}"


class NetworkAnalysis(Job):
    """One stored run of the collaboration-network analysis of a cluster (computed in Celery)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="network_analyses"
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

    objects = TenantManager(visibility="clusters.selectors.cluster_child_visibility")

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

    objects = TenantManager(visibility="clusters.selectors.member_figure_visibility")

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


def import_path(instance, filename):
    return f"imports/cluster-{instance.cluster_id}/{filename}"


class ImportJob(Job):
    """A bulk import of members or collaborations from a CSV or XLSX file."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members")
        COLLABORATIONS = "collaborations", _("Collaborations")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=import_path)
    original_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_rows = models.PositiveIntegerField(_("created"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True, help_text=_("Row, column and message."))

    objects = TenantManager(visibility="clusters.selectors.import_job_visibility")

    class Meta:
        ordering = ["cluster", "-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
