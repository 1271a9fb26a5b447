"""API of cluster members and collaborations (issue 3, points 2 and 3)."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.renderers import BrowsableAPIRenderer

from clusters.fastpaths import member_json_rows
from clusters.members import services
from clusters.members.api.serializers import (
    COLLABORATION_ROW_FIELDS,
    CollaborationSerializer,
    MemberSerializer,
    collaboration_row,
    member_rows,
)
from clusters.members.filters import CollaborationFilter, MemberFilter
from clusters.members.selectors import (
    collaboration_for_detail,
    member_for_detail,
    member_list_values,
    visible_collaborations,
    visible_members,
    with_chain_links,
)
from tenancy.api.filters import FilterBackend
from tenancy.api.renderers import ORJSONRenderer, RenderedJSON
from tenancy.api.viewsets import TenantModelViewSet


class StableOrderingFilter(OrderingFilter):
    """?ordering= with empty values last in both directions, and the id as the last key so that
    limit/offset pages neither repeat nor skip rows."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        keys = [F(key[1:]).desc(nulls_last=True) if key.startswith("-") else F(key).asc() for key in ordering]
        if not {key.lstrip("-") for key in ordering} & {"id", "pk"}:
            keys.append(F("id").asc())
        return queryset.order_by(*keys)


class ClusterRowViewSet(TenantModelViewSet):
    """Rows that belong to a cluster: created in a cluster the caller promotes, never moved to another one."""

    filter_backends = [FilterBackend, SearchFilter, StableOrderingFilter]
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = update_service = delete_service = None
    object_name = ""

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        cluster = data.pop("cluster")
        if not self.request.user.has_perm("clusters.change_cluster_network", cluster):
            raise PermissionDenied
        serializer.instance = self._call(type(self).create_service, cluster=cluster, **data)

    def perform_update(self, serializer):
        self._call(type(self).update_service, **{self.object_name: serializer.instance}, **serializer.validated_data)

    def perform_destroy(self, instance):
        self._call(type(self).delete_service, **{self.object_name: instance})

    def _call(self, service, **kwargs):
        return service(by=self.request.user, **kwargs)


class MemberViewSet(ClusterRowViewSet):
    """Members of the clusters the caller may see: enterprises, universities, research institutes, innovation
    platforms, service institutions, industry associations, financial institutions and markets. The body that
    promotes a cluster (editors and administrators) adds, changes and removes its members."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    search_fields = ["name", "name_en", "credit_code"]
    ordering_fields = ["name", "revenue", "employees", "rd_spend", "patents"]
    ordering = ["name"]
    permission_rules = {
        "create": "clusters.add_member",
        "partial_update": "clusters.change_member",
        "destroy": "clusters.delete_member",
    }
    create_service = staticmethod(services.member_create)
    update_service = staticmethod(services.member_update)
    delete_service = staticmethod(services.member_delete)
    object_name = "member"

    def get_queryset(self):
        return visible_members() if self.action == "list" else member_for_detail()

    def list(self, request, *args, **kwargs):
        # COUNT runs on the plain filtered queryset; the page's rows come back as the database wrote them in JSON,
        # or (SQLite) as dicts with their chain links.
        queryset = self.filter_queryset(self.get_queryset())
        json_rows = member_json_rows(queryset)
        if json_rows is not None:
            page = self.paginator.paginate_queryset(json_rows, request, view=self, count_queryset=queryset)
            return self.get_paginated_response(RenderedJSON(f"[{','.join(page)}]".encode()))
        rows = self.paginate_queryset(member_list_values(queryset))
        return self.get_paginated_response(member_rows(with_chain_links(rows)))


class CollaborationViewSet(ClusterRowViewSet):
    """Edges of the collaboration networks of the clusters the caller may see (supply, R&D cooperation, joint
    venture, investment, technology licensing, talent flow, standard setting, platform service). Both ends are
    members of the collaboration's cluster."""

    serializer_class = CollaborationSerializer
    filterset_class = CollaborationFilter
    ordering_fields = ["year", "value"]
    ordering = ["id"]
    permission_rules = {
        "create": "clusters.add_collaboration",
        "partial_update": "clusters.change_collaboration",
        "destroy": "clusters.delete_collaboration",
    }
    create_service = staticmethod(services.collaboration_create)
    update_service = staticmethod(services.collaboration_update)
    delete_service = staticmethod(services.collaboration_delete)
    object_name = "collaboration"

    def get_queryset(self):
        return visible_collaborations() if self.action == "list" else collaboration_for_detail()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset()).values(*COLLABORATION_ROW_FIELDS)
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response([collaboration_row(row) for row in rows])
