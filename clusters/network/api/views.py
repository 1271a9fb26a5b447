"""API of the network analyses: list and read runs, queue one, page through every member's figures."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from clusters.models import NetworkAnalysis
from clusters.network import services
from clusters.network.api.serializers import (
    MemberFigureSerializer,
    NetworkAnalysisRequestSerializer,
    NetworkAnalysisSerializer,
)
from clusters.network.selectors import member_figures, network_analyses
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantViewSetMixin


class NetworkAnalysisFilter(FilterSet):
    class Meta:
        model = NetworkAnalysis
        fields = ["cluster", "status", "year"]


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
        analysis = services.network_analysis_request(
            cluster=cluster, by=request.user, year=serializer.validated_data.get("year")
        )
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
