"""API of bulk imports: POST a file (202 with the job), then poll the job for status, counts and report."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from clusters.imports.api.serializers import ImportJobCreateSerializer, ImportJobDetailSerializer, ImportJobSerializer
from clusters.imports.job import import_job_create
from clusters.models import ImportJob
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantViewSetMixin


class ImportJobFilter(FilterSet):
    cluster = filters.NumberFilter(field_name="cluster_id", label="cluster id")

    class Meta:
        model = ImportJob
        fields = ["cluster", "kind", "status", "dry_run"]


class ImportJobViewSet(
    TenantViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, GenericViewSet
):
    """Bulk imports of members and collaborations. Only the cluster's promotion body (editors and admins) imports;
    it and the ministry see the imports; anyone else gets 404."""

    filterset_class = ImportJobFilter
    ordering_fields = ["created", "status"]
    search_fields = ["original_name"]
    parser_classes = [MultiPartParser, FormParser]
    permission_rules = {"create": "clusters.add_importjob"}

    def get_queryset(self):
        return ImportJob.objects.select_related("created_by").order_by("-created", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return ImportJobCreateSerializer
        if self.action == "retrieve":
            return ImportJobDetailSerializer
        return ImportJobSerializer

    @extend_schema(
        request={"multipart/form-data": ImportJobCreateSerializer},
        responses={202: ImportJobSerializer},
        description="Upload a file; the job is queued and answered at once (202). Poll GET …/imports/{id}/.",
    )
    def create(self, request, *args, **kwargs):
        serializer = ImportJobCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        cluster = serializer.validated_data["cluster"]
        if not request.user.has_perm("clusters.import_into_cluster", cluster):
            raise PermissionDenied
        job = import_job_create(
            cluster=cluster,
            kind=serializer.validated_data["kind"],
            upload=serializer.validated_data["file"],
            dry_run=serializer.validated_data["dry_run"],
            year=serializer.validated_data.get("year"),
            by=request.user,
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
