"""API of one enterprise in several clusters: the list (the ministry and governments) and an enterprise by its
credit code (whoever may read one of its members)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from exchange.enterprises.api.serializers import EnterpriseSerializer
from exchange.enterprises.forms import EnterpriseFilterForm
from exchange.enterprises.selectors import enterprise_of, enterprises_in_several_clusters, with_places
from tenancy.api.pagination import LimitOffsetPagination

ORDERINGS = {"name", "credit_code", "clusters"}

LIST_PARAMETERS = [
    OpenApiParameter("credit_code", OpenApiTypes.STR, description="This enterprise only (its exact credit code)."),
    OpenApiParameter("cluster", OpenApiTypes.INT, description="Enterprises with a member in this cluster."),
    OpenApiParameter(
        "region", OpenApiTypes.STR, description="Region code: enterprises with a member in a cluster of it or below."
    ),
    OpenApiParameter("q", OpenApiTypes.STR, description="Search the names and credit codes of the members."),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=sorted([*ORDERINGS, *(f"-{key}" for key in ORDERINGS)]),
        description="Sort by name (default), credit code or number of clusters.",
    ),
]


class EnterpriseViewSet(viewsets.ViewSet):
    """Enterprises in several clusters: members of different clusters sharing a unified social credit code. The
    caller sees, for each, the clusters whose members it may read (with the member record's id), the clusters of
    the public register by name, and how many other clusters hold it."""

    permission_classes = [IsAuthenticated]
    pagination_class = LimitOffsetPagination
    lookup_field = "credit_code"
    lookup_value_regex = "[0-9A-Za-z]{1,18}"
    http_method_names = ["get", "head", "options"]

    @extend_schema(parameters=LIST_PARAMETERS, responses=EnterpriseSerializer(many=True))
    def list(self, request):
        """The ministry and governments only (403 for others): the enterprises in several clusters with a member
        the caller may read."""
        if not request.user.has_perm("exchange.view_enterprise_list"):
            raise PermissionDenied
        form = EnterpriseFilterForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        rows = enterprises_in_several_clusters(**form.filters())
        code = request.query_params.get("credit_code", "").strip().upper()
        if code:
            rows = rows.filter(credit_code=code)
        ordering = request.query_params.get("ordering", "name")
        if ordering.lstrip("-") not in ORDERINGS:
            raise exceptions.ValidationError({"ordering": [f"One of {', '.join(sorted(ORDERINGS))}, or with -."]})
        rows = rows.order_by(ordering, "credit_code")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(EnterpriseSerializer(with_places(page), many=True).data)

    @extend_schema(responses=EnterpriseSerializer)
    def retrieve(self, request, credit_code=None):
        """An enterprise by its credit code, for whoever may read one of its members (else 404)."""
        enterprise = enterprise_of(credit_code.upper())
        if enterprise is None:
            raise Http404
        return Response(EnterpriseSerializer(enterprise).data)
