from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, Indicator
from evaluations.entries.services import evidence_max_bytes
from evaluations.models import (
    SECTION_KEYS,
    SECTION_MAX_CHARS,
    ClaimedValue,
    Competition,
    Criterion,
    Dimension,
    Endorsement,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
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
    dimension = serializers.ChoiceField(choices=Dimension.choices)


class RubricSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(many=True, help_text="The whole rubric; weights sum to exactly 100.")


class VisibleCompetitionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Competition.objects.all()


class RoundSerializer(serializers.ModelSerializer):
    competition = VisibleCompetitionField()
    position = serializers.IntegerField(min_value=1, max_value=20, required=False)
    criteria = CriterionSerializer(many=True, read_only=True)
    advance_threshold = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, required=False, allow_null=True
    )
    advance_top_n = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)

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
            "criteria",
        ]
        validators = []

    def validate_competition(self, competition):
        if self.instance is not None and competition.pk != self.instance.competition_id:
            raise serializers.ValidationError("A round cannot move to another competition.")
        return competition


# Entries -----------------------------------------------------------------------------------------------------------


class EntryCreateSerializer(serializers.Serializer):
    round = VisibleRoundField()
    cluster = VisibleClusterField()


class EntrySerializer(serializers.ModelSerializer):
    """An entry row (lists): no nested rows, so a page costs the same whatever its length."""

    competition = serializers.IntegerField(source="round.competition_id", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    track = serializers.CharField(source="track.field_id", read_only=True)
    status = choice_text(Submission.Status.choices)

    class Meta:
        model = Submission
        fields = [
            "id",
            "competition",
            "round",
            "cluster",
            "cluster_name",
            "track",
            "status",
            "revision",
            "submitted_at",
            "last_submitted_at",
            "updated",
        ]
        read_only_fields = fields


class ClaimedValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="criterion.indicator.code", read_only=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False, read_only=True)
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ClaimedValue
        fields = [
            "id",
            "criterion",
            "indicator",
            "value",
            "note",
            "evidence_name",
            "evidence_size",
            "evidence_type",
            "evidence_sha256",
            "evidence_url",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Download URL of the evidence file"))
    def get_evidence_url(self, claimed):
        if not claimed.evidence:
            return None
        return reverse("api:entry-evidence", args=[claimed.submission_id, claimed.pk])


class EndorsementSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Endorsement
        fields = [
            "id",
            "version",
            "organisation",
            "organisation_name",
            "decision",
            "comment",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class EntryDetailSerializer(EntrySerializer):
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), read_only=True)
    claimed_values = ClaimedValueSerializer(many=True, read_only=True)
    endorsements = serializers.SerializerMethodField()

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "sections", "claimed_values", "endorsements"]
        read_only_fields = fields

    @extend_schema_field(EndorsementSerializer(many=True))
    def get_endorsements(self, submission):
        from evaluations.selectors import submission_endorsements

        return EndorsementSerializer(submission_endorsements(submission=submission), many=True).data


class DraftSerializer(serializers.Serializer):
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=SECTION_MAX_CHARS, trim_whitespace=False),
        help_text="Sections to save, by key: " + ", ".join(SECTION_KEYS) + ". Others stay as they are.",
    )
    revision = serializers.IntegerField(
        min_value=0, help_text="The revision the text was edited from; an older one is refused (409, code stale)."
    )


class SubmitSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=0, required=False, help_text="If given, refused (409, stale) unless it is the saved revision."
    )


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, help_text="What the promotion body should change.")


class ClaimInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="An indicator criterion of the entry's round.")
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    evidence = serializers.FileField(
        required=False,
        allow_null=True,
        help_text=f"PDF, XLSX, DOCX, PNG or JPEG, at most {evidence_max_bytes() // 1024 // 1024} MB "
        "(setting COMPETITION_EVIDENCE_MAX_MB); send as multipart/form-data.",
    )
    revision = serializers.IntegerField(min_value=0, required=False)


class EntryVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True)

    class Meta:
        model = SubmissionVersion
        fields = ["id", "number", "created", "created_by", "snapshot"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, allow_null=True)
    from_status = choice_text(Submission.Status.choices)
    to_status = choice_text(Submission.Status.choices)

    class Meta:
        model = SubmissionEvent
        fields = [
            "id",
            "created",
            "action",
            "from_status",
            "to_status",
            "actor",
            "organisation",
            "organisation_name",
            "comment",
            "version_number",
        ]
        read_only_fields = fields
