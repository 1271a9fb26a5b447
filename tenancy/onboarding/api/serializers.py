"""The API serializers of onboarding imports."""

from rest_framework import serializers

from ...api.serializers import ReportEntrySerializer
from ..models import OnboardingImport


class OnboardingImportSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = OnboardingImport
        fields = [
            "id",
            "kind",
            "original_name",
            "source",
            "dry_run",
            "send_invitations",
            "language",
            "status",
            "status_display",
            "progress",
            "message",
            "rows",
            "created_rows",
            "created_by",
            "created",
            "started",
            "finished",
        ]
        read_only_fields = fields


class OnboardingImportDetailSerializer(OnboardingImportSerializer):
    report = ReportEntrySerializer(many=True, read_only=True)

    class Meta(OnboardingImportSerializer.Meta):
        fields = [*OnboardingImportSerializer.Meta.fields, "report"]
        read_only_fields = fields


class OnboardingImportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OnboardingImport.Kind.choices)
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)
    send_invitations = serializers.BooleanField(default=True, help_text="Experts: mail each new expert an invitation.")
