"""The API serializers of exports."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import ExportJob
from ..registry import FORMATS


class ExportJobSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "key",
            "label",
            "target",
            "parameters",
            "file_format",
            "status",
            "status_display",
            "progress",
            "message",
            "rows",
            "file_url",
            "created",
            "started",
            "finished",
        ]
        read_only_fields = fields

    def get_label(self, job) -> str:
        return str(job.label)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_url(self, job):
        if job.status != ExportJob.Status.SUCCEEDED or not job.file:
            return None
        return reverse("api:export-file", args=[job.pk])


class ExportStartSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=64, help_text="The list, e.g. clusters.members.")
    file_format = serializers.ChoiceField(choices=FORMATS)
    query = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="The list page's query string."
    )
    target = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The object whose list it is (the cluster of a member list).",
    )
