"""Competitions, their tracks by industry field, rounds with their windows and advancement rule, and the rubric's
criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster, Indicator
from tenancy.models import BilingualName, IndustryField
from tenancy.scoping import TenantManager
from tenancy.validators import ROUND_YEARS, DateYearRange


class Dimension(models.TextChoices):
    """What a criterion measures: the six formation mechanisms of the seed article, the same axes as the
    cluster diagnostic (clusters/diagnostic.py), so a rubric reads against the diagnostic radar."""

    RESOURCE_ENDOWMENT = "resource_endowment", _("Resource endowment and trigger events")
    DIVISION_OF_LABOUR = "division_of_labour", _("Division of labour and cooperative competition")
    DERIVATIVE_EXPANSION = "derivative_expansion", _("Derivative expansion and self-renewal")
    TECHNOLOGY_DIFFUSION = "technology_diffusion", _("Technology diffusion")
    POLICY_GUIDANCE = "policy_guidance", _("Policy guidance")
    INSTITUTIONAL_CULTURE = "institutional_culture", _("Institutional culture")


def tiers_below_national():
    """Who may enter by default: every tier below national level (a national cluster has nothing to win)."""
    return [Cluster.Tier.CULTIVATING.value, Cluster.Tier.PROVINCIAL.value]


class Competition(BilingualName):
    """A national cluster competition (e.g. the 2024 round), run by the ministry: a draft, then published (entries
    come in), then closed when the final result of its last round is published (nothing of it changes any more).
    It declares who may enter its first round: the clusters' tiers, and a quota of candidates per province (one
    number for every province, and other numbers for named provinces)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class EndorsementLevel(models.TextChoices):
        PROVINCE = "province", _("Provincial governments")
        PREFECTURE = "prefecture", _("Prefecture-level governments")

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    endorsement_level = models.CharField(
        _("endorsing governments"),
        max_length=16,
        choices=EndorsementLevel.choices,
        default=EndorsementLevel.PROVINCE,
        help_text=_(
            "An entry needs the endorsement of every local government at this level whose jurisdiction holds "
            "one of the cluster's regions."
        ),
    )
    entry_tiers = models.JSONField(
        _("tiers that may enter"),
        default=tiers_below_national,
        blank=True,
        help_text=_("Clusters of these tiers may enter the first round."),
    )
    province_quota = models.PositiveSmallIntegerField(
        _("candidates per province"),
        null=True,
        blank=True,
        help_text=_(
            "At most this many first-round entries from clusters of each province (withdrawn and ineligible entries "
            "do not count); empty: no quota."
        ),
    )
    province_quotas = models.JSONField(
        _("quotas of particular provinces"),
        default=dict,
        blank=True,
        help_text=_("Province code → number of candidates, instead of the number for every province."),
    )
    fields = models.ManyToManyField(
        IndustryField, verbose_name=_("tracks"), through="Track", related_name="competitions", blank=True
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.competitions.selectors.competition_visibility")

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="competition_name_unique",
                violation_error_message=_("A competition with this name exists."),
            ),
        ]

    def quota_for(self, province_code: str) -> int | None:
        """The number of first-round candidates a province may have (None: no quota)."""
        if province_code in (self.province_quotas or {}):
            return int(self.province_quotas[province_code])
        return self.province_quota

    def get_entry_tiers_display(self) -> list[str]:
        labels = dict(Cluster.Tier.choices)
        return [str(labels[tier]) for tier in Cluster.Tier.values if tier in (self.entry_tiers or [])]


class Track(models.Model):
    """A track of a competition: one industry field; an entry competes in the track of its cluster's field."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="tracks"
    )
    field = models.ForeignKey(IndustryField, verbose_name=_("industry field"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = TenantManager(visibility="evaluations.competitions.selectors.competition_child_visibility")

    class Meta:
        ordering = ["competition", "position", "field"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "field"],
                name="track_field_unique",
                violation_error_message=_("The competition already has a track for this industry field."),
            ),
        ]

    def __str__(self):
        return str(self.field)


class Round(BilingualName):
    """A round of a competition (初赛 / 决赛, or 小组赛 / 综合赛) with its windows and advancement rule."""

    class AdvancementRule(models.TextChoices):
        TOP_N = "top_n", _("Top N per track")
        THRESHOLD = "threshold", _("Score threshold")

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="rounds"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    submission_opens = models.DateTimeField(_("submission opens"), validators=[DateYearRange(*ROUND_YEARS)])
    submission_closes = models.DateTimeField(_("submission deadline"), validators=[DateYearRange(*ROUND_YEARS)])
    review_opens = models.DateTimeField(_("review opens"), validators=[DateYearRange(*ROUND_YEARS)])
    review_closes = models.DateTimeField(_("review closes"), validators=[DateYearRange(*ROUND_YEARS)])
    advancement_rule = models.CharField(
        _("advancement rule"), max_length=16, choices=AdvancementRule.choices, default=AdvancementRule.TOP_N
    )
    advance_top_n = models.PositiveSmallIntegerField(
        _("entries advancing per track"), null=True, blank=True, help_text=_("For the top-N rule.")
    )
    advance_threshold = models.DecimalField(
        _("score threshold"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For the threshold rule: total score (0–100) an entry needs to advance."),
    )
    experts_per_entry = models.PositiveSmallIntegerField(
        _("experts per entry"), default=5, help_text=_("How many experts the automatic assignment gives each entry.")
    )
    min_submitted_reviews = models.PositiveSmallIntegerField(
        _("minimum submitted reviews per entry"),
        null=True,
        blank=True,
        help_text=_(
            "An evaluation run refuses to start while an eligible entry has fewer submitted reviews that count; "
            "empty: the experts per entry."
        ),
    )
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Experts do not see the promotion body or the names of the cluster's members."),
    )
    standardise_from = models.PositiveSmallIntegerField(
        _("minimum entries for standardisation"),
        default=5,
        help_text=_(
            "An expert who scored at least this many entries of the round has their scores standardised (their own "
            "leniency and spread removed); an expert who scored fewer counts with their raw scores."
        ),
    )
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.competitions.selectors.competition_child_visibility")

    class Meta:
        ordering = ["competition", "position", "pk"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "position"],
                name="round_position_unique",
                violation_error_message=_("The competition already has a round in this position."),
            ),
            models.CheckConstraint(
                condition=models.Q(standardise_from__gte=2),
                name="round_standardise_from_min",
                violation_error_message=_("Standardisation needs at least 2 entries per expert."),
            ),
        ]

    @property
    def required_reviews(self) -> int:
        """The submitted reviews each eligible entry needs before a run: the round's minimum, or its experts per
        entry when no minimum is set."""
        if self.min_submitted_reviews is None:
            return self.experts_per_entry
        return self.min_submitted_reviews

    def window_state(self, now):
        """Where `now` falls: before, open or closed (the submission window)."""
        if now < self.submission_opens:
            return "before"
        if now < self.submission_closes:
            return "open"
        return "closed"


class Criterion(BilingualName):
    """A rubric criterion of a round. The weights of a round's criteria sum to 100."""

    class Kind(models.TextChoices):
        EXPERT = "expert", _("Expert score")
        INDICATOR = "indicator", _("Indicator (computed)")

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, default=100)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Indicator criteria only: the value each entry claims, scaled against the criterion's range."),
    )
    floor = models.DecimalField(
        _("range floor"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Indicator criteria only, in the indicator's unit: the low end of the scale. With the ceiling, a claim "
            "at or below the floor earns 0 and one at or above the ceiling the maximum score (the reverse when "
            "lower is better). Without a range, the indicator's national distribution sets it."
        ),
    )
    ceiling = models.DecimalField(
        _("range ceiling"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Indicator criteria only, in the indicator's unit: the high end of the scale, above the floor."),
    )
    dimension = models.CharField(_("dimension"), max_length=32, choices=Dimension.choices)
    history = HistoricalRecords()

    objects = TenantManager(visibility="evaluations.competitions.selectors.criterion_visibility")

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0, weight__lte=100),
                name="criterion_weight_range",
                violation_error_message=_("A weight is more than 0 and at most 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0),
                name="criterion_max_score_positive",
                violation_error_message=_("The maximum score must be more than 0."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="indicator", indicator__isnull=False) | models.Q(kind="expert", indicator=None)
                ),
                name="criterion_indicator_by_kind",
                violation_error_message=_("Indicator criteria name an indicator; expert criteria do not."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(floor=None, ceiling=None)
                    | models.Q(kind="indicator", floor__isnull=False, ceiling__gt=models.F("floor"))
                ),
                name="criterion_range",
                violation_error_message=_(
                    "An indicator criterion's range has both a floor and a ceiling, the ceiling above the floor; "
                    "expert criteria have no range."
                ),
            ),
        ]
