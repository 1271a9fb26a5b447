"""API of the national cluster layout: the matrix of provinces × industry fields with clusters by tier, the
gaps and the totals, under the filters of the layout page. `layout/` is computed over the clusters the caller
may see; `layout/public/` over the public register's national-level clusters, for anyone."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.layout.selectors import NATIONAL_LEVEL, TIERS, Layout, filter_layout_form, layout_for
from clusters.models import Cluster
from clusters.selectors import public_register, visible_clusters
from tenancy.visibility import Viewer

# Serializers (they describe the response; the data is built by `layout_data`) ---------------------------------------


class TierCountsSerializer(serializers.Serializer):
    world_class = serializers.IntegerField()
    national = serializers.IntegerField()
    provincial = serializers.IntegerField()
    cultivating = serializers.IntegerField()


class LayoutRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)


class LayoutClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    field = serializers.CharField(help_text="Industry field code.")
    tier = serializers.ChoiceField(choices=Cluster.Tier.choices)
    stage = serializers.ChoiceField(choices=Cluster.Stage.choices)
    provinces = serializers.ListField(child=serializers.CharField(), help_text="Codes of the provinces it spans.")
    regions = LayoutRegionSerializer(many=True)
    cross_region = serializers.BooleanField(help_text="Spans more than one province.")


class LayoutCellSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Industry field code of the column.")
    counts = TierCountsSerializer()
    total = serializers.IntegerField()
    clusters = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the cell's clusters.")


class LayoutFieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    counts = TierCountsSerializer()
    total = serializers.IntegerField(help_text="Clusters of the field, each once.")
    national_level = serializers.IntegerField(help_text="National and world-class clusters.")


class TileSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    col = serializers.IntegerField()


class LayoutProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    tile = TileSerializer(allow_null=True, help_text="Square of the province on the tile-grid cartogram.")
    counts = TierCountsSerializer()
    total = serializers.IntegerField(help_text="Clusters with a region in the province, each once.")
    national_level = serializers.IntegerField(help_text="National and world-class clusters.")
    cells = LayoutCellSerializer(many=True, help_text="One cell per industry field, in the order of `fields`.")


class LayoutTotalsSerializer(serializers.Serializer):
    counts = TierCountsSerializer()
    total = serializers.IntegerField(help_text="Clusters counted, each once.")
    national_level = serializers.IntegerField()
    cross_region = serializers.IntegerField(help_text="Clusters spanning more than one province.")
    placements = serializers.IntegerField(
        help_text="Sum of the province totals: a cross-region cluster counts in every province it spans."
    )


class LayoutGapsSerializer(serializers.Serializer):
    fields_without_national = serializers.ListField(
        child=serializers.CharField(), help_text="Industry fields with no national or world-class cluster."
    )
    provinces_without_national = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Provinces with no national or world-class cluster; null where the caller's clusters cannot "
        "tell (a promotion body's or an expert's). A local government gets the provinces of its jurisdiction.",
    )


class LayoutFiltersSerializer(serializers.Serializer):
    tier = serializers.ListField(child=serializers.ChoiceField(choices=Cluster.Tier.choices))
    field = serializers.CharField(allow_blank=True)
    province = serializers.CharField(allow_blank=True)
    stage = serializers.CharField(allow_blank=True)


class LayoutSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=["country", "jurisdiction", "own", "assigned", "public"],
        help_text="Which clusters the layout is computed over: the whole country (the ministry), a local "
        "government's jurisdiction, a promotion body's own clusters, an expert's assigned ones, or the public "
        "register's national-level clusters.",
    )
    filters = LayoutFiltersSerializer()
    fields = LayoutFieldSerializer(many=True)
    provinces = LayoutProvinceSerializer(many=True)
    clusters = LayoutClusterSerializer(many=True, help_text="The clusters counted, highest tier first, then by name.")
    totals = LayoutTotalsSerializer()
    gaps = LayoutGapsSerializer(help_text="Gaps look at national-level clusters whatever the tier filter.")


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


urlpatterns = [
    path("layout/", LayoutView.as_view(), name="layout"),
    path("layout/public/", PublicLayoutView.as_view(), name="layout-public"),
]
