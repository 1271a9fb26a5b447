"""API of exports: POST a list's key, format and query string (202 with the job), poll the job, GET its file."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantViewSetMixin

from ..files import XLSX_CONTENT_TYPE
from ..models import ExportJob
from ..selectors import export_jobs
from ..services import export_start
from ..views import download
from .serializers import ExportJobSerializer, ExportStartSerializer


class ExportJobFilter(FilterSet):
    class Meta:
        model = ExportJob
        fields = ["key", "status", "file_format"]


class ExportJobViewSet(
    TenantViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, GenericViewSet
):
    """Exports of lists as CSV or Excel files, made by a worker. Each user sees their own exports only; another
    user's is a 404."""

    filterset_class = ExportJobFilter
    ordering_fields = ["created", "status"]
    search_fields = ["key"]
    serializer_class = ExportJobSerializer
    permission_rules = {"create": "tenancy.start_export"}

    def get_queryset(self):
        return export_jobs()

    @extend_schema(
        request=ExportStartSerializer,
        responses={202: ExportJobSerializer},
        description="Export a list as its page shows it for the query string; the job is queued and answered at "
        "once (202). Poll GET …/exports/{id}/, then GET …/exports/{id}/file/.",
    )
    def create(self, request, *args, **kwargs):
        serializer = ExportStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = export_start(
            key=data["key"],
            file_format=data["file_format"],
            query=data["query"],
            target=data["target"],
            by=request.user,
            language=request.LANGUAGE_CODE,
        )
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        }
    )
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The export's file, once it succeeded (404 before)."""
        job = self.get_object()
        if job.status != ExportJob.Status.SUCCEEDED or not job.file:
            raise NotFound
        return download(job)
