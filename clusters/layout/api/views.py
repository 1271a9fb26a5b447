"""API of the national cluster layout: the matrix of provinces × industry fields with clusters by tier, the
gaps and the totals, under the filters of the layout page. `layout/` is computed over the clusters the caller
may see; `layout/public/` over the public register's national-level clusters, for anyone."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

# Serializers (they describe the response; the data is built by `layout_data`) ---------------------------------------
from clusters.layout.api.serializers import LayoutSerializer
from clusters.layout.selectors import NATIONAL_LEVEL, TIERS, Layout, filter_layout_form, layout_for
from clusters.models import Cluster
from clusters.profiles.selectors import public_register, visible_clusters
from tenancy.visibility import Viewer


def _counts(counts):
    return {str(tier): counts[tier] for tier in TIERS}


def layout_data(layout: Layout) -> dict:
    """The layout as the API's plain data."""
    return {
        "scope": layout.scope,
        "filters": layout.filters.as_dict(),
        "fields": [
            {
                "code": f.code,
                "name": f.name,
                "name_en": f.name_en,
                "counts": _counts(f.counts),
                "total": f.total,
                "national_level": f.national_level,
            }
            for f in layout.fields
        ],
        "provinces": [
            {
                "code": p.code,
                "name": p.name,
                "name_en": p.name_en,
                "tile": {"row": p.tile[0], "col": p.tile[1]} if p.tile else None,
                "counts": _counts(p.counts),
                "total": p.total,
                "national_level": p.national_level,
                "cells": [
                    {
                        "field": f.code,
                        "counts": _counts(cell.counts),
                        "total": cell.total,
                        "clusters": [cluster.id for cluster in cell.clusters],
                    }
                    for f, cell in zip(layout.fields, p.cells, strict=True)
                ],
            }
            for p in layout.provinces
        ],
        "clusters": [
            {
                "id": c.id,
                "name": c.name,
                "name_en": c.name_en,
                "field": c.field,
                "tier": c.tier,
                "stage": c.stage,
                "provinces": c.provinces,
                "regions": [{"code": r.code, "name": r.name, "name_en": r.name_en} for r in c.regions],
                "cross_region": c.is_cross_region,
            }
            for c in layout.clusters
        ],
        "totals": {
            "counts": _counts(layout.totals.counts),
            "total": layout.totals.total,
            "national_level": layout.totals.national_level,
            "cross_region": layout.cross_region,
            "placements": layout.placements,
        },
        "gaps": {
            "fields_without_national": [f.code for f in layout.fields_without_national],
            "provinces_without_national": [p.code for p in layout.provinces_without_national]
            if layout.province_gaps_shown
            else None,
        },
    }


def layout_parameters(tiers):
    return [
        OpenApiParameter(
            "tier",
            OpenApiTypes.STR,
            many=True,
            explode=True,
            enum=[str(tier) for tier in tiers],
            description="Count only clusters of these tiers (repeat the parameter, or separate with commas).",
        ),
        OpenApiParameter("field", OpenApiTypes.STR, description="Industry field code: that column only."),
        OpenApiParameter(
            "province",
            OpenApiTypes.STR,
            description="Province code (6 digits, e.g. 320000): that row only, and the clusters with a region in it.",
        ),
        OpenApiParameter(
            "stage", OpenApiTypes.STR, enum=Cluster.Stage.values, description="Development stage of the clusters."
        ),
    ]


class LayoutView(APIView):
    """The cluster layout over the clusters the caller may see: the ministry the whole country, a local
    government its jurisdiction, a promotion body its own clusters. Rows are the 31 mainland provinces, columns
    the industry fields; a cross-region cluster counts in every province it spans and once in the totals.
    Invalid filters are a 400 with a message per parameter."""

    permission_classes = [IsAuthenticated]
    public = False

    def layout_response(self, request):
        form, provinces, fields = filter_layout_form(request.query_params, public=self.public)
        if not form.is_valid():
            raise exceptions.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        viewer = None if self.public else Viewer.for_user(request.user)
        layout = layout_for(
            clusters=public_register() if self.public else visible_clusters(),
            viewer=viewer,
            filters=form.layout_filters(),
            provinces=provinces,
            fields=fields,
            public=self.public,
        )
        return Response(LayoutSerializer(layout_data(layout)).data)

    @extend_schema(parameters=layout_parameters(TIERS), responses=LayoutSerializer)
    def get(self, request):
        return self.layout_response(request)


class PublicLayoutView(LayoutView):
    """The layout of the public register's national-level clusters (national and world-class, published
    fields only), the same for anyone, signed in or not."""

    permission_classes = [AllowAny]
    authentication_classes = []
    public = True

    @extend_schema(parameters=layout_parameters([t for t in TIERS if t in NATIONAL_LEVEL]), responses=LayoutSerializer)
    def get(self, request):
        return self.layout_response(request)
