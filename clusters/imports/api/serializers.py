"""The API serializers of imports."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, ImportJob
from tenancy.api.serializers import ReportEntrySerializer


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
            "source",
            "year",
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
        extra_kwargs = {
            "created_rows": {"help_text": "Rows created; for a dry run, the rows importing would create."},
            "updated_rows": {"help_text": "Rows updated; for a dry run, the rows importing would update."},
            "progress": {"help_text": "Percent done while the job runs; a failed job keeps where it stopped."},
        }


class ImportJobDetailSerializer(ImportJobSerializer):
    report = ReportEntrySerializer(many=True, read_only=True)
    notes = ReportEntrySerializer(
        many=True,
        read_only=True,
        help_text="Proposals, not problems: rows whose credit code members of other clusters hold (the same "
        "enterprise), named as the uploader may see them.",
    )

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "report", "notes"]
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
    year = serializers.IntegerField(
        required=False,
        help_text="Members files: the year the figures are for (default: the last completed year); they become the "
        "members' figures of that year, and the members' own figures where it is their latest year.",
    )
