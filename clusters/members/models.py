"""A cluster's members and the collaborations between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.profiles.models import ChainLink, Cluster
from tenancy.models import Region
from tenancy.scoping import TenantManager
from tenancy.search import SearchTokensField
from tenancy.validators import FIGURE_YEARS, JOINED_YEARS, YearRange, validate_name


class Member(models.Model):
    """One node of the cluster: an enterprise, university, institute, platform or other actor.

    Its figures (revenue, employees, R&D spend, patents, designations, leading and local flags) are those of its
    latest year (`MemberYear`, mirrored by `services.member_figures_set`): readers that mean "today" read them
    here, an evaluation of a year reads that year's `MemberYear` rows."""

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
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
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
    joined_year = models.PositiveSmallIntegerField(
        _("year joined"), null=True, blank=True, validators=[YearRange(*JOINED_YEARS)]
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    search_tokens = SearchTokensField(_("search tokens"))  # name, English name, credit code (tenancy.search)

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")

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
            # The same enterprise in other clusters: exact lookups of a credit code across clusters (exchange).
            models.Index(fields=["credit_code"], name="member_credit_code"),
        ]

    def __str__(self):
        return self.name


# The figures a member has per year: MemberYear's fields, mirrored on Member for the latest year.
FIGURE_FIELDS = (
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "is_local",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
)


class MemberYear(models.Model):
    """A member's figures for one year, with the history of every change."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="years")
    # The member's cluster, kept here so that visibility and a cluster's yearly totals need no join.
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="member_years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[YearRange(*FIGURE_YEARS)])
    is_leading = models.BooleanField(_("leading enterprise"), default=False)
    is_single_champion = models.BooleanField(_("single champion"), default=False)
    is_little_giant = models.BooleanField(_("little giant"), default=False)
    is_srdi_sme = models.BooleanField(_("SRDI SME"), default=False)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_local = models.BooleanField(_("inside the cluster's regions"), default=True)
    revenue = models.DecimalField(_("revenue (10k CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    rd_spend = models.DecimalField(_("R&D spend (10k CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    patents = models.PositiveIntegerField(_("patents"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-year"]
        verbose_name = _("member's figures of a year")
        verbose_name_plural = _("members' figures by year")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="member_year_unique",
                violation_error_message=_("This member already has figures for this year."),
            ),
        ]
        indexes = [models.Index(fields=["cluster", "year"], name="member_year_cluster_year")]

    def __str__(self):
        return f"{self.member_id} {self.year}"


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

    objects = TenantManager(visibility="clusters.profiles.selectors.cluster_child_visibility")

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
