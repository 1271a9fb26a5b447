"""The API serializers of observations."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, Indicator, Observation
from clusters.observations import services as platform
from tenancy.api.serializers import FieldsBuiltOnce
from tenancy.validators import YearRange

# Serializers -------------------------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "category",
            "unit",
            "higher_is_better",
            "is_count",
            "description",
            "description_en",
        ]
        read_only_fields = fields


class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    """A cluster the caller may see; any other id is 'does not exist' (no hint that it does)."""

    def get_queryset(self):
        return Cluster.objects.all()


class ObservationSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    cluster = VisibleClusterField()
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    category = serializers.CharField(source="indicator.category", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    year = serializers.IntegerField(validators=[YearRange(platform.FIRST_YEAR, ahead=1)])
    value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    evidence = serializers.FileField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=f"PDF, XLSX, DOCX, PNG or JPEG, at most {platform.MAX_EVIDENCE_BYTES // 1024 // 1024} MB; "
        "send as multipart/form-data.",
    )
    clear_evidence = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Remove the evidence file."
    )
    evidence_url = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        choices=Observation.Status.choices,
        read_only=True,
        help_text="draft → submitted → verified, or returned (with review_comment); change it with the "
        "submit, verify and return actions. Monitoring and indicator criteria read verified values only.",
    )
    review_comment = serializers.CharField(read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id",
            "cluster",
            "indicator",
            "category",
            "unit",
            "year",
            "value",
            "source",
            "evidence",
            "clear_evidence",
            "evidence_url",
            "status",
            "review_comment",
        ]
        validators = []  # the duplicate (cluster, indicator, year) is a field error on `year`, from the service

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Download URL of the evidence file"))
    def get_evidence_url(self, observation):
        if not observation.evidence:
            return None
        return reverse("api:observation-evidence", args=[observation.pk])

    def validate_cluster(self, cluster):
        if self.instance is not None and cluster.pk != self.instance.cluster_id:
            raise serializers.ValidationError("An observation cannot move to another cluster.")
        return cluster


class ObservationReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text="Required to return a value: what is wrong. Optional when verifying; not used to submit.",
    )


class DiagnosticComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    value = serializers.FloatField(allow_null=True)
    source = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="0–100; null: no data")
    reference_low = serializers.FloatField(source="reference.low")
    reference_high = serializers.FloatField(source="reference.high")
    reference_scale = serializers.SerializerMethodField()
    formula = serializers.CharField(source="reference.formula")

    def get_reference_scale(self, component) -> str:
        return "log10" if component.reference.log else "linear"


class DiagnosticAxisSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    mechanism = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="0–100; null: no data")
    formula = serializers.CharField()
    components = DiagnosticComponentSerializer(many=True)


class DiagnosticSerializer(serializers.Serializer):
    cluster = serializers.IntegerField()
    reference_year = serializers.IntegerField()
    network_analysis = serializers.IntegerField(allow_null=True)
    axes = DiagnosticAxisSerializer(many=True)
