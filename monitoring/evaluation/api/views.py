"""API of the annual monitoring evaluation: evaluations (the ministry starts one; everyone with access reads the
succeeded ones), results with their warnings (local governments: clusters in their jurisdiction; cluster bodies:
their own), and the method versions (the ministry creates a new version; versions are never edited)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from clusters.models import Cluster
from monitoring.evaluation import selectors
from monitoring.evaluation import services as monitoring_services
from monitoring.models import EarlyWarning, MonitoringEvaluation, MonitoringMethod, MonitoringResult, Recommendation
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet, TenantReadOnlyViewSet
from tenancy.validators import YearRange
from tenancy.visibility import Viewer


class MonitoringMethodSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    config = serializers.JSONField(
        help_text="Per dimension its weight and inputs, grade bands, rule thresholds and the recommendation rule."
    )

    class Meta:
        model = MonitoringMethod
        fields = ["id", "version", "name", "description", "config", "is_current", "created_by", "created"]
        read_only_fields = ["id", "version", "is_current", "created_by", "created"]


class MonitoringEvaluationSerializer(serializers.ModelSerializer):
    method_version = serializers.IntegerField(source="method.version", read_only=True)
    tiers = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=f"Tiers evaluated ({', '.join(Cluster.Tier.values)}); national and world_class when left out.",
    )
    year = serializers.IntegerField(validators=[YearRange(monitoring_services.FIRST_YEAR)])
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    summary = serializers.SerializerMethodField(
        help_text="Counts of the whole evaluation (grades, recommendations, warnings by rule, seconds per stage); "
        "for the ministry only, others get {}."
    )

    class Meta:
        model = MonitoringEvaluation
        fields = [
            "id",
            "year",
            "method",
            "method_version",
            "tiers",
            "trigger",
            "status",
            "progress",
            "message",
            "digest",
            "summary",
            "completeness",
            "completeness_reason",
            "created_by",
            "created",
            "started",
            "finished",
        ]
        read_only_fields = [f for f in fields if f not in ("year", "tiers", "method", "completeness_reason")]
        extra_kwargs = {
            "method": {"required": False, "allow_null": True},
            "completeness_reason": {
                "required": False,
                "max_length": 2000,
                "help_text": "Required when the verified share of the indicator inputs is below the threshold "
                "(see the completeness action); the results carry it.",
            },
        }

    def get_summary(self, evaluation) -> dict:
        request = self.context.get("request")
        if request is None or not Viewer.for_user(request.user).reads_everything:
            return {}
        return evaluation.summary


class MonitoringWarningSerializer(serializers.ModelSerializer):
    class Meta:
        model = EarlyWarning
        fields = ["id", "rule", "severity", "details"]
        read_only_fields = fields


class MonitoringResultSerializer(serializers.ModelSerializer):
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    year = serializers.IntegerField(source="evaluation.year", read_only=True)
    warning_count = serializers.IntegerField(read_only=True)
    # On 0–100 (every input is normalised and clipped to 0–100, monitoring.evaluation.grading); `change` may fall.
    overall = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, read_only=True)
    previous_overall = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, read_only=True, allow_null=True
    )

    class Meta:
        model = MonitoringResult
        fields = [
            "id",
            "evaluation",
            "year",
            "cluster",
            "cluster_name",
            "overall",
            "grade",
            "previous_overall",
            "change",
            "recommendation",
            "warning_count",
        ]
        read_only_fields = fields


class MonitoringResultDetailSerializer(MonitoringResultSerializer):
    warnings = MonitoringWarningSerializer(many=True, read_only=True)

    class Meta(MonitoringResultSerializer.Meta):
        fields = [*MonitoringResultSerializer.Meta.fields, "scores", "inputs", "warnings"]
        read_only_fields = fields


class MonitoringResultFilter(FilterSet):
    province = filters.CharFilter(method="filter_province", label="province code (6 digits, e.g. 320000)")
    field = filters.CharFilter(field_name="cluster__field", label="industry field code")
    recommendation = filters.ChoiceFilter(choices=Recommendation.choices)

    class Meta:
        model = MonitoringResult
        fields = ["evaluation", "cluster", "grade", "recommendation", "field"]

    def filter_province(self, queryset, name, value):
        return selectors.filter_monitoring_results(queryset, province=value)


class CompletenessQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(validators=[YearRange(monitoring_services.FIRST_YEAR)])
    tiers = serializers.ListField(child=serializers.CharField(), required=False)


class ClusterCompletenessSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    share = serializers.FloatField()
    inputs = serializers.DictField(child=serializers.CharField(), help_text="code → verified, unverified or missing")


class CompletenessSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    threshold = serializers.FloatField()
    share = serializers.FloatField()
    below_threshold = serializers.BooleanField()
    cells = serializers.IntegerField()
    verified = serializers.IntegerField()
    unverified = serializers.IntegerField()
    missing = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())
    clusters = ClusterCompletenessSerializer(many=True)


class MonitoringEvaluationViewSet(TenantModelViewSet):
    """Monitoring evaluations, newest first. `POST` records one (status *queued*) and queues it; the ministry's
    editors only. Local governments and cluster bodies read the succeeded ones."""

    serializer_class = MonitoringEvaluationSerializer
    filterset_fields = ["year", "status", "trigger"]
    ordering_fields = ["year", "created"]
    http_method_names = ["get", "post", "head", "options"]
    permission_rules = {"create": "monitoring.run_monitoring", "completeness": "monitoring.run_monitoring"}

    def get_queryset(self):
        return MonitoringEvaluation.objects.select_related("method", "created_by").order_by("-year", "-created", "-pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evaluation = monitoring_services.evaluation_start(
            year=data["year"],
            tiers=data.get("tiers"),
            method=data.get("method"),
            by=request.user,
            completeness_reason=data.get("completeness_reason", ""),
        )
        evaluation = self.get_queryset().get(pk=evaluation.pk)
        return Response(self.get_serializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[CompletenessQuerySerializer], responses=CompletenessSerializer, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def completeness(self, request):
        """Before a run (the ministry): per cluster and indicator input of the current method, whether the year
        has a verified value, an unverified one or none; `below_threshold` says a reason is needed to start."""
        query = CompletenessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        panel = monitoring_services.evaluation_completeness(
            year=query.validated_data["year"], tiers=request.query_params.getlist("tiers") or None
        )
        return Response(
            CompletenessSerializer(
                {
                    **panel.summary(),
                    "below_threshold": panel.below_threshold,
                    "codes": panel.codes,
                    "clusters": [
                        {"id": c.id, "name": c.name, "share": round(c.share, 4), "inputs": dict(c.cells)}
                        for c in panel.clusters
                    ],
                }
            ).data
        )


class MonitoringResultViewSet(TenantReadOnlyViewSet):
    """Results of the monitoring evaluations the caller may read: the ministry all; a local government the clusters
    in its jurisdiction; a cluster body its own clusters. The detail holds the scores per dimension with their
    inputs, the inputs read and the early warnings with the figures that triggered them."""

    filterset_class = MonitoringResultFilter
    ordering_fields = ["overall", "change"]

    def get_serializer_class(self):
        return MonitoringResultDetailSerializer if self.action == "retrieve" else MonitoringResultSerializer

    def get_queryset(self):
        queryset = selectors.visible_monitoring_results()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("warnings")
        return queryset


class MonitoringMethodViewSet(HistoryMixin, TenantModelViewSet):
    """Versions of the monitoring method, newest first. `POST` creates a new version (validated in full) that
    becomes the current one; a version is never edited."""

    serializer_class = MonitoringMethodSerializer
    http_method_names = ["get", "post", "head", "options"]
    permission_rules = {"create": "monitoring.add_monitoringmethod"}

    def get_queryset(self):
        return MonitoringMethod.objects.select_related("created_by").order_by("-version")

    @extend_schema(responses={201: MonitoringMethodSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        method = monitoring_services.method_create(
            name=data["name"], description=data.get("description", ""), config=data["config"], by=request.user
        )
        return Response(self.get_serializer(method).data, status=status.HTTP_201_CREATED)
