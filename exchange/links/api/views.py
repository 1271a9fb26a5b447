"""API of collaborations between clusters (list, read, propose, confirm, refuse, withdraw, history) and of the
network of clusters."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.models import Member
from exchange.links import selectors, services
from exchange.links.api.serializers import (
    ClusterLinkCreateSerializer,
    ClusterLinkSerializer,
    ClusterNetworkSerializer,
    LinkStepSerializer,
)
from exchange.links.models import ClusterLink
from exchange.links.network import cluster_network, cluster_rows
from tenancy.api.viewsets import HistoryMixin, TenantViewSetMixin
from tenancy.filters import read_id
from tenancy.visibility import Viewer

LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=ClusterLink.Status.values),
    OpenApiParameter("kind", str, enum=ClusterLink.Kind.values),
    OpenApiParameter("cluster", int, description="either end in this cluster"),
    OpenApiParameter(
        "direction",
        str,
        enum=list(selectors.DIRECTIONS),
        description="from / to the cluster given (or, for a body without one, its own clusters)",
    ),
    OpenApiParameter("q", str, description="members' and clusters' names, or an exact credit code"),
]


class ClusterLinkViewSet(
    HistoryMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Collaborations between clusters: read by both clusters' promotion bodies, the governments that may read
    either cluster and the ministry. A body's editor proposes one from a member of its cluster to a member of
    another cluster (named by the cluster and the member's exact credit code or name); the other cluster's body
    confirms or refuses it (with a reason); the proposer withdraws it. A step the state does not allow is a 409 with
    `invalid_transition`, a duplicate pending proposal a 409 with `duplicate`."""

    serializer_class = ClusterLinkSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["updated", "created", "value", "year", "status"]
    http_method_names = ["get", "post", "head", "options"]
    permission_rules = {
        "create": "exchange.add_clusterlink",
        "confirm": "exchange.confirm_clusterlink",
        "refuse": "exchange.refuse_clusterlink",
        "withdraw": "exchange.withdraw_clusterlink",
    }

    def get_queryset(self):
        if self.action != "list":
            return selectors.link_for_detail()
        params = self.request.query_params
        status_value = params.get("status", "")
        kind = params.get("kind", "")
        direction = params.get("direction", "")
        return selectors.filter_links(
            selectors.visible_links(),
            viewer=Viewer.for_user(self.request.user),
            status=status_value if status_value in ClusterLink.Status.values else "",
            kind=kind if kind in ClusterLink.Kind.values else "",
            cluster=read_id(params.get("cluster")),
            direction=direction if direction in selectors.DIRECTIONS else "",
            query=params.get("q", ""),
        )

    @extend_schema(parameters=LIST_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _respond(self, link, code=status.HTTP_200_OK):
        link = selectors.link_for_detail().get(pk=link.pk)
        return Response(self.get_serializer(link).data, status=code)

    @extend_schema(request=ClusterLinkCreateSerializer, responses={201: ClusterLinkSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ClusterLinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["source"] = Member.objects.filter(pk=data["source"]).first()
        link = services.link_propose(by=request.user, **data)
        return self._respond(link, status.HTTP_201_CREATED)

    def _step(self, request, service, extra):
        link = self.get_object()
        serializer = LinkStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(service(link=link, by=request.user, **extra(serializer.validated_data)))

    @extend_schema(request=None, responses=ClusterLinkSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The other cluster's body confirms a pending collaboration."""
        return self._step(request, services.link_confirm, extra=lambda data: {})

    @extend_schema(request=LinkStepSerializer, responses=ClusterLinkSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """The other cluster's body refuses a pending collaboration; `reason` is required."""
        return self._step(request, services.link_refuse, extra=lambda data: {"reason": data.get("reason", "")})

    @extend_schema(request=LinkStepSerializer, responses=ClusterLinkSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The proposing body withdraws a pending collaboration or ends a confirmed one."""
        return self._step(request, services.link_withdraw, extra=lambda data: {"reason": data.get("reason", "")})


class ClusterNetworkView(APIView):
    """The network of clusters: the ministry's national network (every cluster), a government's over the clusters
    it may read. Nodes are clusters with their degree, strength (collaborations and their value), betweenness,
    PageRank and Louvain community; pairs aggregate the confirmed collaborations between two clusters."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ClusterNetworkSerializer)
    def get(self, request):
        if not request.user.has_perm("exchange.view_cluster_network"):
            raise exceptions.PermissionDenied(_("You may not do this."))
        network = cluster_network()
        data = {"figures": network.figures, "clusters": cluster_rows(network), "pairs": network.pairs}
        return Response(ClusterNetworkSerializer(data).data)
