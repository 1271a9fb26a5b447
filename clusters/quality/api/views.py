"""API of the consistency checks: a cluster's data-quality report."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.profiles.selectors import visible_clusters
from clusters.quality.api.serializers import QualityReportSerializer
from clusters.quality.selectors import quality_report
from tenancy.filters import read_year


class ClusterQualityView(APIView):
    """The consistency checks of a cluster the caller may see: each rule with its threshold and how many findings it
    has, then every finding (computed now, not stored). `?year=` narrows the findings to one year."""

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Only this year's findings.")],
        responses=QualityReportSerializer,
    )
    def get(self, request, cluster_id):
        cluster = get_object_or_404(visible_clusters(), pk=cluster_id)
        raw = request.GET.get("year", "")
        year = read_year(raw)
        if raw and year is None:
            raise ValidationError({"year": [_("Enter a year as a whole number.")]})
        report = quality_report(cluster=cluster, year=year)
        return Response(QualityReportSerializer(report).data)
