"""API of cluster members and collaborations (issue 3, points 2 and 3)."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from clusters.members import services
from clusters.members.api.serializers import (
    COLLABORATION_ROW_FIELDS,
    CollaborationSerializer,
    MemberSerializer,
    MemberWriteSerializer,
    MemberYearSerializer,
    collaboration_row,
    member_rows,
    member_year_rows,
)
from clusters.members.filters import YEAR_FIGURES, CollaborationFilter, MemberFilter
from clusters.members.models import FIGURE_FIELDS
from clusters.members.selectors import (
    collaboration_for_detail,
    member_for_detail,
    member_list_values,
    member_years,
    visible_collaborations,
    visible_members,
    with_chain_links,
    year_of_figures,
)
from tenancy.api.filters import FilterBackend
from tenancy.api.renderers import ORJSONRenderer, RenderedJSON
from tenancy.api.viewsets import HistoryEntrySerializer, TenantModelViewSet
from tenancy.fastpaths import serializer_json_rows
from tenancy.filters import read_year
from tenancy.history import history_entries


class StableOrderingFilter(OrderingFilter):
    """?ordering= with empty values last in both directions, and the id as the last key so that
    limit/offset pages neither repeat nor skip rows."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        # With ?year=, the figures sorted on are the year's (the filter joined them as YEAR_FIGURES).
        year_figures = getattr(view, "year_figures", "")
        keys = [
            F(self.column(key[1:], year_figures)).desc(nulls_last=True)
            if key.startswith("-")
            else F(self.column(key, year_figures)).asc()
            for key in ordering
        ]
        if not {key.lstrip("-") for key in ordering} & {"id", "pk"}:
            keys.append(F("id").asc())
        return queryset.order_by(*keys)

    @staticmethod
    def column(key, year_figures):
        return f"{year_figures}__{key}" if year_figures and key in FIGURE_FIELDS else key


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
        "year_write": "clusters.change_member",
    }
    create_service = staticmethod(services.member_create)
    update_service = staticmethod(services.member_update)
    delete_service = staticmethod(services.member_delete)
    object_name = "member"

    def get_queryset(self):
        return visible_members() if self.action == "list" else member_for_detail()

    def get_serializer_class(self):
        return MemberWriteSerializer if self.action in ("create", "partial_update") else MemberSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                int,
                description="The members that have figures for this year, with that year's figures (and `year`); "
                "figure filters, designations and sorting by a figure read that year.",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        # COUNT runs on the plain filtered queryset; the page's rows come back as the database wrote them in JSON,
        # or (SQLite) as dicts with their chain links.
        year = read_year(request.query_params.get("year"))  # a year out of range is the filter's field error
        self.year_figures = YEAR_FIGURES if year is not None else ""
        queryset = self.filter_queryset(self.get_queryset())
        if year is not None:
            rows = self.paginate_queryset(member_list_values(queryset, year_figures=YEAR_FIGURES))
            rows = year_of_figures(with_chain_links(rows), year_figures=YEAR_FIGURES, year=year)
            return self.get_paginated_response(member_rows(rows))
        json_rows = serializer_json_rows(queryset, MemberSerializer)
        if json_rows is not None:
            page = self.paginator.paginate_queryset(json_rows, request, view=self, count_queryset=queryset)
            return self.get_paginated_response(RenderedJSON(f"[{','.join(page)}]".encode()))
        rows = self.paginate_queryset(member_list_values(queryset))
        return self.get_paginated_response(member_rows(with_chain_links(rows)))

    # A member's figures by year ---------------------------------------------------------------------------------

    @extend_schema(responses=MemberYearSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def years(self, request, pk=None):
        """The member's figures by year, the latest first."""
        rows = member_years(member=self.get_object()).values("member_id", "year", *FIGURE_FIELDS, "updated")
        return Response(member_year_rows(rows))

    @extend_schema(responses=MemberYearSerializer, filters=False)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"years/(?P<year>[0-9]{4})",
        url_name="year",
        pagination_class=None,
        filter_backends=[],
    )
    def year(self, request, pk=None, year=None):
        """The member's figures for one year (404 when it has none)."""
        row = member_years(member=self.get_object()).filter(year=int(year)).first()
        if row is None:
            raise Http404
        return Response(MemberYearSerializer(row).data)

    @extend_schema(request=MemberYearSerializer, responses=MemberYearSerializer, filters=False)
    @year.mapping.patch
    def year_write(self, request, pk=None, year=None):
        """Record the member's figures for the year (creating the year from the member's latest figures when it has
        none); figures not given keep their value. The member's latest year is also the member's own figures."""
        member = self.get_object()
        serializer = MemberYearSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        row = services.member_figures_set(member=member, year=int(year), by=request.user, **serializer.validated_data)
        return Response(MemberYearSerializer(row).data)

    @extend_schema(responses=HistoryEntrySerializer(many=True), filters=False)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"years/(?P<year>[0-9]{4})/history",
        url_name="year-history",
        pagination_class=None,
        filter_backends=[],
    )
    def year_history(self, request, pk=None, year=None):
        """Every change of the member's figures for the year: who, when, which figure from what to what."""
        row = member_years(member=self.get_object()).filter(year=int(year)).first()
        if row is None:
            raise Http404
        return Response(HistoryEntrySerializer(history_entries(row), many=True).data)


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
