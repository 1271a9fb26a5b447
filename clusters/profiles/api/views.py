from django.db.models import Count, F
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from clusters.models import ChainCategory, ChainLink, Cluster, Milestone
from clusters.profiles import services
from clusters.profiles.api.serializers import (
    ChainCategorySerializer,
    ChainLinkSerializer,
    ClusterCreateSerializer,
    ClusterSerializer,
    GovernanceSerializer,
    MilestoneSerializer,
    PublicClusterSerializer,
    TierChangeSerializer,
)
from clusters.profiles.selectors import in_jurisdiction, public_register, visible_clusters
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet, TenantViewSetMixin
from tenancy.models import Region


class ClusterFilter(FilterSet):
    region = filters.CharFilter(method="filter_region", label="region code (and the regions below it)")

    class Meta:
        model = Cluster
        fields = ["tier", "stage", "field", "promotion_body"]

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(in_jurisdiction(region.jurisdiction_prefix))


class ClusterViewSet(
    HistoryMixin, TenantViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Clusters the caller may see (DESIGN §2); a cluster outside that answers 404.
    The promotion body edits the profile; the ministry registers clusters, sets their tier and governs them
    (regions, public flag, promotion body)."""

    serializer_class = ClusterSerializer
    filterset_class = ClusterFilter
    search_fields = ["name", "name_en"]
    ordering_fields = ["name", "tier", "updated"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_rules = {
        "create": "clusters.add_cluster",
        "partial_update": "clusters.change_cluster",
        "tier": "clusters.change_cluster_tier",
        "governance": "clusters.govern_cluster",
    }

    def get_queryset(self):
        return visible_clusters()

    def get_serializer_class(self):
        return ClusterCreateSerializer if self.action == "create" else ClusterSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        regions = data.pop("regions")
        serializer.instance = services.cluster_register(
            by=self.request.user, regions=regions, language=self.request.LANGUAGE_CODE, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        regions = data.pop("regions", None)
        services.cluster_update_profile(cluster=serializer.instance, by=self.request.user, regions=regions, **data)

    @extend_schema(request=TierChangeSerializer, responses=ClusterSerializer)
    @action(detail=True, methods=["post"])
    def tier(self, request, pk=None):
        """Move the cluster to another tier (the ministry); the reason is kept in the history."""
        cluster = self.get_object()
        serializer = TierChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cluster_set_tier(cluster=cluster, by=request.user, **serializer.validated_data)
        return Response(ClusterSerializer(cluster).data)

    @extend_schema(request=GovernanceSerializer, responses=ClusterSerializer)
    @action(detail=True, methods=["post"])
    def governance(self, request, pk=None):
        """The ministry changes which regions the cluster lies in (and so which governments supervise it), whether
        the public register shows it and its promotion body; the reason is kept in the history."""
        cluster = self.get_object()
        serializer = GovernanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cluster_govern(cluster=cluster, by=request.user, **serializer.validated_data)
        return Response(ClusterSerializer(self.get_queryset().get(pk=cluster.pk)).data)


class ClusterPartViewSet(TenantModelViewSet):
    """Base of rows that belong to a cluster: visible with it, written by its promotion body's editors."""

    filterset_fields = ["cluster"]
    permission_rules = {
        "create": "clusters.add_cluster_part",
        "update": "clusters.change_cluster_part",
        "partial_update": "clusters.change_cluster_part",
        "destroy": "clusters.change_cluster_part",
    }

    def save_part(self, part):
        """Write through the same service as the page (clusters.profiles.services)."""
        raise NotImplementedError

    def delete_part(self, part):
        raise NotImplementedError

    def perform_create(self, serializer):
        cluster = serializer.validated_data["cluster"]
        if not self.request.user.has_perm("clusters.change_cluster", cluster):
            raise exceptions.PermissionDenied()
        self._save(serializer, serializer.Meta.model(**serializer.validated_data))

    def perform_update(self, serializer):
        part = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(part, name, value)
        self._save(serializer, part)

    def _save(self, serializer, part):
        serializer.instance = self.save_part(part)  # a service's ValidationError is a 400 (the exception handler)

    def perform_destroy(self, instance):
        self.delete_part(instance)


class ChainCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared chain taxonomy: each industry field's chain categories, in chain order (reference data, public).
    A chain link maps to a category of its cluster's field."""

    queryset = ChainCategory.objects.all()
    serializer_class = ChainCategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filterset_fields = ["field", "segment"]
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["position", "code"]


class ChainLinkViewSet(ClusterPartViewSet):
    """The ordered segments of a cluster's industrial chain; a new link goes to the end unless placed."""

    serializer_class = ChainLinkSerializer
    filterset_fields = ["cluster", "segment"]
    ordering_fields = ["position", "name"]

    def save_part(self, part):
        return services.chain_link_save(chain_link=part)

    def delete_part(self, part):
        services.chain_link_delete(chain_link=part)

    def get_queryset(self):
        return ChainLink.objects.annotate(member_count=Count("members")).order_by("cluster", "position", "pk")


class MilestoneViewSet(ClusterPartViewSet):
    """Events of a cluster's formation history: trigger events, relocations, policies, leading enterprises,
    transformations."""

    serializer_class = MilestoneSerializer
    filterset_fields = ["cluster", "kind", "year"]
    ordering_fields = ["year"]

    def save_part(self, part):
        return services.milestone_save(milestone=part)

    def delete_part(self, part):
        services.milestone_delete(milestone=part)

    def get_queryset(self):
        return Milestone.objects.order_by("cluster", F("year").asc(nulls_first=True), "pk")


class RegisterFilter(ClusterFilter):
    class Meta:
        model = Cluster
        fields = ["tier", "field"]


class PublicRegisterViewSet(viewsets.ReadOnlyModelViewSet):
    """The public register of national-level clusters (published fields only); open to anyone."""

    serializer_class = PublicClusterSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    filterset_class = RegisterFilter
    search_fields = ["name", "name_en"]
    ordering_fields = ["name", "national_since"]

    def get_queryset(self):
        return public_register().select_related("promotion_body")
