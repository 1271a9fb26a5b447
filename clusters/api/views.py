from django_filters import rest_framework as filters

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantReadOnlyViewSet
from tenancy.models import Region

from ..models import Cluster
from ..selectors import in_jurisdiction, visible_clusters
from .serializers import ClusterSerializer


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


class ClusterViewSet(HistoryMixin, TenantReadOnlyViewSet):
    """Clusters the caller may see (DESIGN §2); a cluster outside that answers 404."""

    serializer_class = ClusterSerializer
    filterset_class = ClusterFilter
    search_fields = ["name", "name_en"]
    ordering_fields = ["name", "tier", "updated"]

    def get_queryset(self):
        return visible_clusters()
