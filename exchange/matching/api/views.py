"""API of matchmaking: the gaps and partners of the clusters the caller sees (`matching/clusters/`, one cluster at
`matching/clusters/{id}/`) and the ministry's national complementarity matrix (`matching/matrix/?field=`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tenancy.api.viewsets import TenantViewSetMixin

from .. import gaps as method
from ..selectors import matches_for, matching_clusters
from ..views import matrix_or_refusal
from .serializers import ClusterMatchesSerializer, MatrixSerializer


def _category(category):
    return {
        "id": category.pk,
        "code": category.code,
        "name": category.name,
        "name_en": category.name_en,
        "segment": category.segment,
    }


def matches_data(m) -> dict:
    return {
        "cluster": m.cluster.pk,
        "name": m.cluster.name,
        "name_en": m.cluster.name_en,
        "field": m.cluster.field_id,
        "categories": m.categories,
        "matched": m.matched,
        "gaps": [
            {
                "category": _category(gap.category),
                "kind": gap.kind,
                "links": gap.standing.links,
                "members": gap.standing.members,
                "outside_members": gap.standing.outside_members,
                "supply": gap.standing.supply,
                "outside_supply": gap.standing.outside_supply,
                "situation": gap.situation,
                "partners": [
                    {
                        "rank": partner.rank,
                        "cluster": partner.cluster.id,
                        "name": partner.cluster.name,
                        "name_en": partner.cluster.name_en,
                        "visible": partner.cluster.visible,
                        "members": partner.members,
                        "reason": reason,
                    }
                    for partner, reason in gap.reasons
                ],
            }
            for gap in m.gaps
        ],
    }


class MatchingViewSet(TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The gaps of each cluster the caller sees in its field's chain taxonomy, with the clusters proposed to fill
    them, ranked (docs/features.md, "Matchmaking"). The ministry, local governments and promotion bodies; partners
    come from the clusters the caller sees and the public register, with member counts only."""

    serializer_class = ClusterMatchesSerializer
    filterset_fields = ["field"]
    permission_rules = {"list": "exchange.view_matching", "retrieve": "exchange.view_matching"}

    def get_queryset(self):
        return matching_clusters()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([matches_data(m) for m in matches_for(page)])

    def retrieve(self, request, *args, **kwargs):
        return Response(matches_data(matches_for([self.get_object()])[0]))


class MatrixView(APIView):
    """The national complementarity matrix of one industry field (the ministry's): its clusters × its chain
    categories, each cell the cluster's members in the category and its gap's kind."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("field", OpenApiTypes.STR, description="Industry field code (default: the first).")
        ],
        responses=MatrixSerializer,
    )
    def get(self, request):
        matrix, refusal = matrix_or_refusal(request)
        if refusal:
            raise exceptions.ValidationError({"field": [refusal]})
        return Response(
            {
                "field": matrix.field.code,
                "categories": [_category(c) for c in matrix.categories],
                "rows": [
                    {
                        "cluster": row.cluster.pk,
                        "name": row.cluster.name,
                        "name_en": row.cluster.name_en,
                        "members": [cell.members for cell in row.cells],
                        "gaps": [cell.kind for cell in row.cells],
                        "partners": [cell.partners for cell in row.cells],
                        "gap_count": row.gaps,
                        "matched": row.matched,
                    }
                    for row in matrix.rows
                ],
                "totals": matrix.totals,
                "strong": matrix.strong,
                "thin_members": method.THIN_MEMBERS,
                "outside_share": float(method.OUTSIDE_SHARE),
            }
        )
