"""API of dynamic adjustment: the ministry's decisions on monitoring results (keep / warn / drop, with the tier
change of a drop) and the rectification notes with which promotion bodies and local governments answer."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from clusters.models import Cluster
from monitoring.adjustment import selectors
from monitoring.adjustment import services as adjustment_services
from monitoring.models import AdjustmentDecision, MonitoringResult, Recommendation, RectificationNote
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantViewSetMixin


def _choices_help(choices):
    return "One of: " + ", ".join(value for value, _label in choices) + "."


@extend_schema_field(OpenApiTypes.INT)
class VisibleMonitoringResultField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return MonitoringResult.objects.select_related("evaluation", "cluster")


@extend_schema_field(OpenApiTypes.INT)
class VisibleRectificationClusterField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Cluster.objects.all()


@extend_schema_field(OpenApiTypes.INT)
class VisibleAdjustmentDecisionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return AdjustmentDecision.objects.select_related("result")


class AdjustmentDecisionSerializer(serializers.ModelSerializer):
    cluster = serializers.IntegerField(source="result.cluster_id", read_only=True)
    cluster_name = serializers.CharField(source="result.cluster.name", read_only=True)
    evaluation = serializers.IntegerField(source="result.evaluation_id", read_only=True)
    year = serializers.IntegerField(source="result.evaluation.year", read_only=True)
    recommendation = serializers.CharField(source="result.recommendation", read_only=True)
    decision = serializers.CharField(read_only=True, help_text=_choices_help(Recommendation.choices))
    tier_before = serializers.CharField(read_only=True, help_text=_choices_help(Cluster.Tier.choices))
    tier_after = serializers.CharField(read_only=True, help_text=_choices_help(Cluster.Tier.choices))
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)

    class Meta:
        model = AdjustmentDecision
        fields = [
            "id",
            "result",
            "cluster",
            "cluster_name",
            "evaluation",
            "year",
            "recommendation",
            "decision",
            "reason",
            "tier_before",
            "tier_after",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class AdjustmentDecisionCreateSerializer(serializers.Serializer):
    result = VisibleMonitoringResultField()
    decision = serializers.CharField(help_text=_choices_help(Recommendation.choices))
    reason = serializers.CharField(allow_blank=True, max_length=5000)
    tier_after = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Only for a drop: a lower tier (default one step down). " + _choices_help(Cluster.Tier.choices),
    )


class RectificationNoteSerializer(serializers.ModelSerializer):
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True)

    class Meta:
        model = RectificationNote
        fields = [
            "id",
            "cluster",
            "cluster_name",
            "decision",
            "text",
            "organisation",
            "organisation_name",
            "author",
            "created",
        ]
        read_only_fields = fields


class RectificationNoteCreateSerializer(serializers.Serializer):
    cluster = VisibleRectificationClusterField()
    decision = VisibleAdjustmentDecisionField(required=False, allow_null=True)
    text = serializers.CharField(allow_blank=True, max_length=5000)


CONFLICT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Refused: `error.code` is decided (the result already has a decision), not_finished or superseded. "
    "Nothing was changed.",
)


class AdjustmentDecisionFilter(FilterSet):
    class Meta:
        model = AdjustmentDecision
        fields = {"decision": ["exact"], "result__evaluation": ["exact"], "result__cluster": ["exact"]}


class AdjustmentDecisionViewSet(
    TenantViewSetMixin,
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The ministry's keep / warn / drop decisions on monitoring results (one per result, never changed; a drop
    lowers the cluster's tier). Readers: those who see the result."""

    serializer_class = AdjustmentDecisionSerializer
    filterset_class = AdjustmentDecisionFilter
    ordering_fields = ["decided_at"]
    permission_rules = {"create": "monitoring.decide_adjustment"}

    def get_queryset(self):
        return selectors.visible_decisions()

    @extend_schema(
        request=AdjustmentDecisionCreateSerializer, responses={201: AdjustmentDecisionSerializer, 409: CONFLICT}
    )
    def create(self, request, *args, **kwargs):
        serializer = AdjustmentDecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = adjustment_services.decision_record(
            result=data["result"],
            decision=data["decision"],
            reason=data["reason"],
            tier_after=data.get("tier_after", ""),
            by=request.user,
        )
        decision = self.get_queryset().get(pk=decision.pk)
        return Response(AdjustmentDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class RectificationNoteFilter(FilterSet):
    class Meta:
        model = RectificationNote
        fields = ["cluster", "decision", "organisation"]


class RectificationNoteViewSet(
    TenantViewSetMixin,
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Rectification notes: a cluster's promotion body or a supervising local government answers a warning or a
    decision; the ministry reads all, local governments those of clusters in their jurisdiction, promotion bodies
    their own clusters'."""

    serializer_class = RectificationNoteSerializer
    filterset_class = RectificationNoteFilter
    ordering_fields = ["created"]
    permission_rules = {"create": "monitoring.add_rectification"}

    def get_queryset(self):
        return selectors.visible_rectifications()

    @extend_schema(request=RectificationNoteCreateSerializer, responses={201: RectificationNoteSerializer})
    def create(self, request, *args, **kwargs):
        serializer = RectificationNoteCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        note = adjustment_services.rectification_create(
            cluster=data["cluster"], text=data["text"], decision=data.get("decision"), by=request.user
        )
        return Response(RectificationNoteSerializer(self.get_queryset().get(pk=note.pk)).data, status=201)
