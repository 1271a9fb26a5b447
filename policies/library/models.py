"""Policy library: policies, instruments, disbursements, toolkits."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from tenancy.models import BilingualName, Organisation
from tenancy.scoping import TenantManager
from tenancy.search import SearchTokensField

__all__ = [
    "CATEGORIES",
    "Instrument",
    "InstrumentDisbursement",
    "Policy",
    "PolicyCategory",
    "Toolkit",
]

# (code, name, English name): the policy categories of DESIGN §3, shipped as data by migration 0001_library.
CATEGORIES = [
    ("industry", "产业", "Industry"),
    ("innovation", "创新", "Innovation"),
    ("finance", "金融", "Finance"),
    ("region", "区域", "Region"),
    ("talent", "人才", "Talent"),
    ("land", "土地", "Land"),
    ("public_services", "公共服务", "Public services"),
]


class PolicyCategory(BilingualName):
    """A field a policy works in (industry, innovation, finance, region, talent, land, public services)."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=32)
    name_en = models.CharField(_("English name"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("policy category")
        verbose_name_plural = _("policy categories")


def attachment_path(instance, filename):
    return f"policies/{uuid.uuid4().hex}/{filename}"


class Policy(models.Model):
    """A policy document issued by the ministry or a local government."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        EXPIRED = "expired", _("Expired")

    issuer = models.ForeignKey(
        Organisation,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="policies",
        limit_choices_to={"kind__in": [Organisation.Kind.NATIONAL, Organisation.Kind.LOCAL]},
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, editable=False)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("The issuing number (文号), if any.")
    )
    issued_on = models.DateField(_("issue date"))
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    categories = models.ManyToManyField(PolicyCategory, verbose_name=_("categories"), related_name="policies")
    target_clusters = models.ManyToManyField(
        Cluster, verbose_name=_("target clusters"), blank=True, related_name="policies"
    )
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True, editable=False)
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
    # Title, English title, document number, summary and text (tenancy.search); derived, so not in the history.
    search_tokens = SearchTokensField(_("search tokens"))
    history = HistoricalRecords(excluded_fields=["search_tokens"])

    objects = TenantManager(visibility="policies.library.selectors.policy_visibility")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        indexes = [
            models.Index(fields=["status", "issued_on"], name="policy_status_issued"),
            models.Index(fields=["issuer", "status"], name="policy_issuer_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=True) | models.Q(effective_on__gte=models.F("issued_on")),
                name="policy_effective_after_issue",
                violation_error_message=_("A policy cannot take effect before it is issued."),
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class Instrument(models.Model):
    """A policy instrument: money or another lever under a policy, with its committed amount in CNY."""

    class Kind(models.TextChoices):
        SPECIAL_FUND = "special_fund", _("Special fund")
        INDUSTRY_FUND = "industry_fund", _("Industry fund")
        SUBSIDY = "subsidy", _("Subsidy")
        TAX_INCENTIVE = "tax_incentive", _("Tax incentive")
        LOAN_GUARANTEE = "loan_guarantee", _("Loan guarantee")
        TALENT_PROGRAMME = "talent_programme", _("Talent programme")
        PLATFORM = "platform", _("Platform construction")
        LAND = "land", _("Land")
        PROCUREMENT = "procurement", _("Public procurement")

    # The category an instrument of each kind usually serves (the form's suggestion).
    DEFAULT_CATEGORY = {
        "special_fund": "industry",
        "industry_fund": "finance",
        "subsidy": "industry",
        "tax_incentive": "finance",
        "loan_guarantee": "finance",
        "talent_programme": "talent",
        "platform": "innovation",
        "land": "land",
        "procurement": "public_services",
    }

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    category = models.ForeignKey(
        PolicyCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="instruments",
        help_text=_("One of the policy's categories; the coverage counts the instrument's money here."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount committed (CNY)"),
        max_digits=16,
        decimal_places=2,
        help_text=_("In yuan; 0 when the instrument commits no money of its own."),
    )
    currency_note = models.CharField(
        _("note on the amount"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'total fund size, social capital included' or 'cumulative since 2012'."),
    )
    target_clusters = models.ManyToManyField(
        Cluster, verbose_name=_("beneficiary clusters"), blank=True, related_name="instruments"
    )
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="policies.library.selectors.instrument_visibility")

    class Meta:
        ordering = ["policy", "kind", "pk"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="instrument_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class InstrumentDisbursement(models.Model):
    """Money an instrument paid out in a year. An instrument's disbursements add up to at most its amount."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="disbursements"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount disbursed (CNY)"), max_digits=16, decimal_places=2)
    history = HistoricalRecords()

    objects = TenantManager(visibility="policies.library.selectors.disbursement_visibility")

    class Meta:
        ordering = ["instrument", "year"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "year"],
                name="disbursement_year_unique",
                violation_error_message=_("The instrument already has a disbursement for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="disbursement_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.instrument} · {self.year}"


class Toolkit(models.Model):
    """A local government's bundle of policies and instruments for one of its clusters."""

    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("local government"),
        on_delete=models.PROTECT,
        related_name="toolkits",
        limit_choices_to={"kind": Organisation.Kind.LOCAL},
    )
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="toolkits")
    title = models.CharField(_("title"), max_length=200)
    policies = models.ManyToManyField(Policy, verbose_name=_("policies"), blank=True, related_name="toolkits")
    instruments = models.ManyToManyField(Instrument, verbose_name=_("instruments"), blank=True, related_name="toolkits")
    notes = models.TextField(_("notes"), blank=True)
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

    objects = TenantManager(visibility="policies.library.selectors.toolkit_visibility")

    class Meta:
        ordering = ["cluster__name", "pk"]
        verbose_name = _("toolkit")
        verbose_name_plural = _("toolkits")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "cluster"],
                name="toolkit_owner_cluster_unique",
                violation_error_message=_("Your organisation already has a toolkit for this cluster."),
            ),
        ]

    def __str__(self):
        return self.title
