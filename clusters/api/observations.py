"""API of the observation platform: the indicator catalogue, observations (with evidence files)
and the six-mechanism diagnostic."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet
from tenancy.uploads import download_response

from .. import observations as platform
from ..diagnostic import diagnose, diagnostic_inputs
from ..models import Cluster, Indicator, Observation
from ..selectors import visible_clusters

# Serializers -------------------------------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "name_en", "category", "unit", "higher_is_better", "description", "description_en"]
        read_only_fields = fields


class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    """A cluster the caller may see; any other id is 'does not exist' (no hint that it does)."""

    def get_queryset(self):
        return Cluster.objects.all()


class ObservationSerializer(serializers.ModelSerializer):
    cluster = VisibleClusterField()
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    category = serializers.CharField(source="indicator.category", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    year = serializers.IntegerField(min_value=platform.FIRST_YEAR, max_value=9999)
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


# Filters -----------------------------------------------------------------------------------------------------------


class ObservationFilter(FilterSet):
    indicator = filters.CharFilter(field_name="indicator__code", label="indicator code")
    category = filters.ChoiceFilter(field_name="indicator__category", choices=Indicator.Category.choices)
    year_from = filters.NumberFilter(field_name="year", lookup_expr="gte", label="first year")
    year_to = filters.NumberFilter(field_name="year", lookup_expr="lte", label="last year")

    class Meta:
        model = Observation
        fields = ["cluster", "indicator", "year", "category"]


class IndicatorFilter(FilterSet):
    class Meta:
        model = Indicator
        fields = ["category", "higher_is_better"]


# Views -------------------------------------------------------------------------------------------------------------


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue of the observation platform (reference data for signed-in users)."""

    queryset = Indicator.objects.order_by("position", "code")
    serializer_class = IndicatorSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = IndicatorFilter
    search_fields = ["code", "name", "name_en"]
    pagination_class = None


class ObservationViewSet(HistoryMixin, TenantModelViewSet):
    """Yearly values of the catalogue's indicators per cluster, with source and evidence file.
    Whoever sees the cluster reads them; the cluster's promotion body (editor or admin) writes them."""

    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering_fields = ["year", "value", "cluster", "indicator__position"]
    search_fields = ["source", "indicator__name", "indicator__name_en", "indicator__code"]
    permission_rules = {
        "create": "clusters.add_observation",
        "update": "clusters.change_observation",
        "partial_update": "clusters.change_observation",
        "destroy": "clusters.delete_observation",
    }

    def get_queryset(self):
        return platform.visible_observations()

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not self.request.user.has_perm("clusters.record_observations", data["cluster"]):
            raise exceptions.PermissionDenied()
        serializer.instance = platform.observation_create(
            cluster=data["cluster"],
            indicator=data["indicator"],
            year=data["year"],
            value=data["value"],
            source=data.get("source", ""),
            evidence=data.get("evidence"),
            by=self.request.user,
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        platform.observation_update(
            observation=serializer.instance,
            indicator=data.get("indicator"),
            year=data.get("year"),
            value=data.get("value"),
            source=data.get("source"),
            evidence=data.get("evidence"),
            clear_evidence=data.get("clear_evidence", False),
            by=self.request.user,
        )

    def perform_destroy(self, instance):
        platform.observation_delete(observation=instance, by=self.request.user)

    @extend_schema(
        responses={
            (200, content_type): OpenApiTypes.BINARY
            for content_type in sorted({t[1] for t in platform.EVIDENCE_TYPES.values()})
        },
        description="The evidence file, as an attachment; 404 when the observation has none.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def evidence(self, request, pk=None):
        return evidence_response(self.get_object())


def evidence_response(observation):
    """The evidence file as a download (the type is the one we checked on upload)."""
    return download_response(
        observation.evidence,
        filename=platform.evidence_filename(observation),
        content_type=platform.evidence_content_type(observation),
    )


# The diagnostic ----------------------------------------------------------------------------------------------------


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


class DiagnosticView(APIView):
    """The six-mechanism diagnostic of a cluster the caller may see: each axis's score (0–100), and for
    each component the input value, its source, the fixed reference range and the formula."""

    @extend_schema(responses=DiagnosticSerializer)
    def get(self, request, cluster_id):
        cluster = get_object_or_404(visible_clusters(), pk=cluster_id)
        inputs = diagnostic_inputs(cluster=cluster)
        data = {
            "cluster": cluster.pk,
            "reference_year": inputs.reference_year,
            "network_analysis": inputs.network.analysis_id if inputs.network else None,
            "axes": diagnose(inputs),
        }
        return Response(DiagnosticSerializer(data).data, status=status.HTTP_200_OK)
