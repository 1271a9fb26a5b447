"""API of the national benchmark: a cluster's standing, and the standing of every cluster the caller may see."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.benchmark.api.serializers import BenchmarkRowSerializer, ClusterBenchmarkSerializer
from clusters.benchmark.forms import read_benchmark_form
from clusters.benchmark.selectors import cluster_benchmark
from clusters.benchmark.views import benchmark_rows, benchmark_shown
from clusters.profiles.selectors import visible_clusters

YEAR = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    description="Verified values of this year count (default: the latest year in which an indicator has a national "
    "cohort of five).",
)
COHORT = OpenApiParameter("cohort", OpenApiTypes.STR, enum=["national", "tier", "field"], description="The cohort.")


def _may_benchmark(request):
    if not request.user.has_perm("clusters.view_benchmark"):
        raise PermissionDenied


def _valid(form):
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form


class ClusterBenchmarkView(APIView):
    """Where a cluster the caller may see stands against the cohort: per indicator (verified values of the year) and
    per diagnostic axis, the own value, its percentile rank, the cohort's size and band; a standing without a value
    or in a cohort of fewer than five shows no rank and says why (`reason`). No other cluster's value or name."""

    @extend_schema(parameters=[YEAR, COHORT], responses=ClusterBenchmarkSerializer)
    def get(self, request, cluster_id):
        cluster = get_object_or_404(visible_clusters(), pk=cluster_id)
        _may_benchmark(request)
        form = _valid(read_benchmark_form(request.query_params))
        benchmark = cluster_benchmark(cluster=cluster, year=form.chosen_year, cohort=form.chosen_cohort)
        return Response(ClusterBenchmarkSerializer(benchmark).data)


class BenchmarkListView(GenericAPIView):
    """The standing of each cluster the caller may see (the ministry all, a government its jurisdiction, a promotion
    body its own) on the six axes and on one indicator (`indicator`, a code; default the catalogue's first), with the
    cluster list's search and filters (`q`, `tier`, `field`, `region`) and sort (`sort`: name, field, tier)."""

    serializer_class = BenchmarkRowSerializer
    filter_backends = []

    @extend_schema(
        parameters=[
            YEAR,
            COHORT,
            OpenApiParameter("indicator", OpenApiTypes.STR, description="An indicator code."),
            OpenApiParameter("q", OpenApiTypes.STR),
            OpenApiParameter("tier", OpenApiTypes.STR),
            OpenApiParameter("field", OpenApiTypes.STR),
            OpenApiParameter("region", OpenApiTypes.STR),
            OpenApiParameter("sort", OpenApiTypes.STR),
        ],
        responses=BenchmarkRowSerializer(many=True),
    )
    def get(self, request):
        _may_benchmark(request)
        form, clusters, _filters, _sorting = benchmark_shown(request)
        _valid(form)
        page = self.paginate_queryset(clusters)
        response = self.get_paginated_response(BenchmarkRowSerializer(benchmark_rows(form, page), many=True).data)
        response.data.update(
            year=form.chosen_year,
            cohort=form.chosen_cohort,
            indicator=form.chosen_indicator.code if form.chosen_indicator else None,
        )
        return response
