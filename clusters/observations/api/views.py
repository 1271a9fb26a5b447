"""API of the observation platform: the indicator catalogue, observations (with evidence files)
and the six-mechanism diagnostic."""

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.diagnostic.axes import diagnose
from clusters.diagnostic.selectors import diagnostic_inputs
from clusters.models import Indicator, Observation
from clusters.observations import selectors
from clusters.observations import services as platform

# Serializers -------------------------------------------------------------------------------------------------------
from clusters.observations.api.serializers import (
    DiagnosticSerializer,
    IndicatorSerializer,
    ObservationReviewSerializer,
    ObservationSerializer,
)
from clusters.profiles.selectors import visible_clusters
from tenancy.api.filters import FilterSet
from tenancy.api.parsers import JSONParser
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet
from tenancy.uploads import download_response

# Filters -----------------------------------------------------------------------------------------------------------


class ObservationFilter(FilterSet):
    indicator = filters.CharFilter(field_name="indicator__code", label="indicator code")
    category = filters.ChoiceFilter(field_name="indicator__category", choices=Indicator.Category.choices)
    year_from = filters.NumberFilter(field_name="year", lookup_expr="gte", label="first year")
    year_to = filters.NumberFilter(field_name="year", lookup_expr="lte", label="last year")
    status = filters.ChoiceFilter(choices=Observation.Status.choices, label="verification state")

    class Meta:
        model = Observation
        fields = ["cluster", "indicator", "year", "category", "status"]


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
        "submit": "clusters.submit_observation",
        "verify": "clusters.verify_observation",
        "return_observation": "clusters.verify_observation",
    }

    def get_queryset(self):
        return selectors.visible_observations()

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

    def _review(self, request, step):
        observation = self.get_object()
        serializer = ObservationReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = serializer.validated_data["comment"]
        if step == "submit":
            platform.observation_submit(observation=observation, by=request.user)
        elif step == "verify":
            platform.observation_verify(observation=observation, by=request.user, comment=comment)
        else:
            platform.observation_return(observation=observation, by=request.user, comment=comment)
        observation.refresh_from_db()
        return Response(ObservationSerializer(observation, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=ObservationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The promotion body submits a draft or returned value for verification (409 in another state)."""
        return self._review(request, "submit")

    @extend_schema(request=ObservationReviewSerializer, responses=ObservationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The government with jurisdiction over the cluster (or the ministry) verifies a submitted value."""
        return self._review(request, "verify")

    @extend_schema(request=ObservationReviewSerializer, responses=ObservationSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_observation(self, request, pk=None):
        """The government returns a submitted value with a comment (required); the body may correct it."""
        return self._review(request, "return")

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
