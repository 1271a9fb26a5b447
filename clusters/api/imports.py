"""API of bulk imports: POST a file (202 with the job), then poll the job for status, counts and report."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantViewSetMixin

from ..imports import import_job_create
from ..models import Cluster, ImportJob


class ReportEntrySerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number as a spreadsheet shows it; the header is row 1.")
    column = serializers.CharField(help_text="The column's header as written in the file (empty: the whole row).")
    message = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "cluster",
            "kind",
            "original_name",
            "dry_run",
            "status",
            "status_display",
            "progress",
            "message",
            "rows",
            "created_rows",
            "updated_rows",
            "created_by",
            "created",
            "started",
            "finished",
        ]
        read_only_fields = fields


class ImportJobDetailSerializer(ImportJobSerializer):
    report = ReportEntrySerializer(many=True, read_only=True)

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "report"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Cluster.objects.all()  # scoped: a cluster the caller cannot see "does not exist"


class ImportJobCreateSerializer(serializers.Serializer):
    cluster = VisibleClusterField()
    kind = serializers.ChoiceField(choices=ImportJob.Kind.choices)
    file = serializers.FileField(help_text="A .csv (UTF-8, UTF-8 with BOM, GBK or GB18030) or .xlsx file.")
    dry_run = serializers.BooleanField(
        default=True, help_text="Check every row and report; write nothing. Send false to import."
    )


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
            by=request.user,
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
