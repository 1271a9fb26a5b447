"""API of the network analyses: list and read runs, queue one, page through every member's figures."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantViewSetMixin

from .. import services
from ..models import Cluster, MemberFigure, NetworkAnalysis
from ..selectors import member_figures, network_analyses, visible_clusters


class ChainLinkCoverageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    segment = serializers.CharField()
    members = serializers.IntegerField()
    flag = serializers.ChoiceField(
        choices=["", "empty", "thin"], help_text="empty: no member; thin: fewer than the threshold"
    )


@extend_schema_field(OpenApiTypes.OBJECT)
class ParametersField(serializers.JSONField):
    pass


class NetworkAnalysisSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    parameters = ParametersField(
        read_only=True,
        help_text="Parameters used, and how figures were computed: betweenness_method (exact / kadabra), "
        "local_supporting_basis (value / count, null without supply into leading enterprises).",
    )
    articulation_points = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Member ids of the single points of failure."
    )
    chain_link_coverage = ChainLinkCoverageSerializer(many=True, read_only=True)
    nodes = serializers.IntegerField(read_only=True, allow_null=True)
    edges = serializers.IntegerField(read_only=True, allow_null=True)
    density = serializers.FloatField(read_only=True, allow_null=True)
    components = serializers.IntegerField(read_only=True, allow_null=True)
    largest_component = serializers.IntegerField(read_only=True, allow_null=True)
    clustering = serializers.FloatField(read_only=True, allow_null=True)
    communities = serializers.IntegerField(read_only=True, allow_null=True)
    modularity = serializers.FloatField(read_only=True, allow_null=True)
    betweenness_error_bound = serializers.FloatField(
        read_only=True, allow_null=True, help_text="ε: each approximate value is within ±ε with probability 1−δ."
    )
    local_supporting_rate = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = NetworkAnalysis
        fields = [
            "id",
            "cluster",
            "status",
            "progress",
            "message",
            "created_by",
            "created",
            "started",
            "finished",
            "parameters",
            "digest",
            "nodes",
            "edges",
            "density",
            "components",
            "largest_component",
            "clustering",
            "communities",
            "modularity",
            "betweenness_approximate",
            "betweenness_error_bound",
            "articulation_points",
            "chain_link_coverage",
            "local_supporting_rate",
        ]
        read_only_fields = fields


class NetworkAnalysisRequestSerializer(serializers.Serializer):
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.none())  # per request: __init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = visible_clusters()  # only what the caller sees (inside the request scope)


class MemberFigureSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MemberFigure
        fields = ["member", "name", "degree", "betweenness", "pagerank", "community", "is_articulation_point"]
        read_only_fields = fields


class NetworkAnalysisFilter(FilterSet):
    class Meta:
        model = NetworkAnalysis
        fields = ["cluster", "status"]


MEMBER_ORDERINGS = {
    "betweenness": ("-betweenness", "member_id"),
    "pagerank": ("-pagerank", "member_id"),
    "degree": ("-degree", "member_id"),
    "member": ("member_id",),
}


class NetworkAnalysisViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Network analyses of the clusters the caller sees. POST queues a new run (202); the promoting cluster body
    and the ministry (editors and admins) may run one."""

    serializer_class = NetworkAnalysisSerializer
    filterset_class = NetworkAnalysisFilter
    ordering_fields = ["created"]
    permission_rules = {"create": "clusters.run_network_analyses"}

    def get_queryset(self):
        return network_analyses()

    @extend_schema(request=NetworkAnalysisRequestSerializer, responses={202: NetworkAnalysisSerializer})
    def create(self, request):
        serializer = NetworkAnalysisRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cluster = serializer.validated_data["cluster"]
        if not request.user.has_perm("clusters.run_network_analysis", cluster):
            raise exceptions.PermissionDenied()
        analysis = services.network_analysis_request(cluster=cluster, by=request.user)
        return Response(NetworkAnalysisSerializer(analysis).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[
            OpenApiParameter("ordering", str, enum=list(MEMBER_ORDERINGS), description="default: betweenness"),
        ],
        responses=MemberFigureSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def members(self, request, pk=None):
        """Every member's figures in the run, highest betweenness first (or `?ordering=`)."""
        analysis = self.get_object()
        ordering = request.query_params.get("ordering") or "betweenness"
        if ordering not in MEMBER_ORDERINGS:
            raise exceptions.ValidationError(
                {"ordering": [_("Choose one of %(choices)s.") % {"choices": ", ".join(MEMBER_ORDERINGS)}]}
            )
        page = self.paginate_queryset(member_figures(analysis=analysis).order_by(*MEMBER_ORDERINGS[ordering]))
        return self.get_paginated_response(MemberFigureSerializer(page, many=True).data)
