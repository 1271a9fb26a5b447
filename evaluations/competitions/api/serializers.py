"""Serializers of the competitions' API: competitions, rounds, criteria and rubrics, and the fields shared by the
competition's API modules."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, Indicator
from evaluations.competitions.selectors import round_frozen
from evaluations.models import (
    Competition,
    Criterion,
    Dimension,
    Round,
)
from tenancy.models import IndustryField


def choice_text(choices, **kwargs):
    """A read-only choice as plain text, its values listed in the help text (an enum component here would
    collide with the other apps' `status` and `kind` choice sets)."""
    values = ", ".join(value for value, _label in choices if value)
    return serializers.CharField(read_only=True, help_text=f"One of: {values}.", **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Cluster.objects.all()


@extend_schema_field(OpenApiTypes.INT)
class VisibleRoundField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Round.objects.select_related("competition")


# Competitions, rounds, rubrics -------------------------------------------------------------------------------------


class CompetitionSerializer(serializers.ModelSerializer):
    tracks = serializers.SlugRelatedField(
        source="fields",
        slug_field="code",
        many=True,
        queryset=IndustryField.objects.all(),
        required=False,
        help_text="Industry field codes, one track each, in order.",
    )
    rounds = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    year = serializers.IntegerField(min_value=2019, max_value=2100)
    status = choice_text(Competition.Status.choices)
    name = serializers.CharField(max_length=128)
    entry_tiers = serializers.ListField(
        child=serializers.ChoiceField(choices=Cluster.Tier.choices),
        required=False,
        help_text="Tiers of the clusters that may enter the first round (default: every tier below national).",
    )
    province_quota = serializers.IntegerField(
        min_value=0,
        max_value=1000,
        required=False,
        allow_null=True,
        help_text="At most this many first-round entries per province (withdrawn and ineligible ones not counted); "
        "null: no quota.",
    )
    province_quotas = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=1000),
        required=False,
        help_text='Quotas of named provinces, by province code (e.g. {"320000": 5}), instead of province_quota.',
    )

    class Meta:
        model = Competition
        fields = [
            "id",
            "year",
            "name",
            "name_en",
            "description",
            "status",
            "endorsement_level",
            "entry_tiers",
            "province_quota",
            "province_quotas",
            "tracks",
            "rounds",
            "created",
            "updated",
        ]
        read_only_fields = ["status", "created", "updated"]
        validators = []  # the unique name is a field error from the service


class CriterionSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    kind = choice_text(Criterion.Kind.choices)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, read_only=True)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False, read_only=True)
    floor = serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, read_only=True, allow_null=True
    )
    ceiling = serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, read_only=True, allow_null=True
    )

    class Meta:
        model = Criterion
        fields = [
            "id",
            "round",
            "position",
            "name",
            "name_en",
            "description",
            "kind",
            "weight",
            "max_score",
            "indicator",
            "floor",
            "ceiling",
            "dimension",
        ]
        read_only_fields = fields


class CriterionInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, help_text="Keep (and change) this existing criterion.")
    name = serializers.CharField(max_length=128)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Criterion.Kind.choices)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False, default=100)
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), required=False, allow_null=True, default=None
    )
    floor = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        required=False,
        allow_null=True,
        default=None,
        help_text="Indicator criteria: the low end of the range, in the indicator's unit (with `ceiling`; neither: "
        "the national distribution sets the range).",
    )
    ceiling = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        required=False,
        allow_null=True,
        default=None,
        help_text="Indicator criteria: the high end of the range, above `floor`.",
    )
    dimension = serializers.ChoiceField(choices=Dimension.choices)


class RubricSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(many=True, help_text="The whole rubric; weights sum to exactly 100.")


class VisibleCompetitionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Competition.objects.all()


class CarryOverSerializer(serializers.Serializer):
    run = serializers.IntegerField(source="run.pk", help_text="The evaluation run that says who advanced.")
    advanced = serializers.IntegerField(help_text="How many entries advanced from the round before.")
    created = serializers.SerializerMethodField(help_text="The entries carried over now (the others already were).")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_created(self, summary):
        return [entry.pk for entry in summary["created"]]


class RoundSerializer(serializers.ModelSerializer):
    competition = VisibleCompetitionField()
    position = serializers.IntegerField(min_value=1, max_value=20, required=False)
    criteria = CriterionSerializer(many=True, read_only=True)
    advance_threshold = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, required=False, allow_null=True
    )
    advance_top_n = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)
    experts_per_entry = serializers.IntegerField(
        min_value=1,
        max_value=50,
        required=False,
        help_text="How many experts the automatic assignment gives each entry (default 5).",
    )
    blind_review = serializers.BooleanField(
        required=False,
        help_text="Experts read the entries with the cluster's, its promotion body's, its city's and its members' "
        "names masked. Fixed once experts are assigned (400 on blind_review).",
    )
    min_submitted_reviews = serializers.IntegerField(
        min_value=1,
        max_value=50,
        required=False,
        allow_null=True,
        help_text="Submitted reviews (that count) each eligible entry needs before a run starts; null: the round's "
        "experts_per_entry.",
    )
    required_reviews = serializers.IntegerField(
        read_only=True, help_text="The minimum in force: min_submitted_reviews, or experts_per_entry when null."
    )
    standardise_from = serializers.IntegerField(
        min_value=2,
        max_value=1000,
        required=False,
        help_text="An expert who scored at least this many entries of the round is standardised; fewer: raw scores.",
    )
    frozen = serializers.SerializerMethodField(
        help_text="A notice has been published from a run of the round: its rubric, windows, advancement rule, "
        "eligibility decisions, assignments and reviews refuse changes (409, code frozen)."
    )

    class Meta:
        model = Round
        fields = [
            "id",
            "competition",
            "position",
            "name",
            "name_en",
            "submission_opens",
            "submission_closes",
            "review_opens",
            "review_closes",
            "advancement_rule",
            "advance_top_n",
            "advance_threshold",
            "experts_per_entry",
            "min_submitted_reviews",
            "required_reviews",
            "standardise_from",
            "blind_review",
            "criteria",
            "frozen",
        ]
        validators = []

    def get_frozen(self, round_) -> bool:
        frozen = getattr(round_, "is_frozen", None)
        return round_frozen(round_) if frozen is None else frozen

    def validate_competition(self, competition):
        if self.instance is not None and competition.pk != self.instance.competition_id:
            raise serializers.ValidationError("A round cannot move to another competition.")
        return competition
