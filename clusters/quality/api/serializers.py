"""The API serializers of the consistency checks."""

from rest_framework import serializers


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable name of the rule: whole_counts, member_totals, year_on_year, …")
    name = serializers.CharField()
    explanation = serializers.CharField(source="describe", help_text="What the rule checks, with its threshold.")
    threshold = serializers.FloatField(allow_null=True, help_text="The setting's value; null for a rule without one.")
    setting = serializers.CharField(allow_blank=True, help_text="The setting (environment variable) holding it.")


class FindingSerializer(serializers.Serializer):
    check = serializers.CharField(help_text="The code of the rule that found it.")
    year = serializers.IntegerField(allow_null=True)
    indicator = serializers.CharField(allow_blank=True, help_text="Indicator code (blank when the rule has none).")
    subject = serializers.CharField(help_text="The indicator's or the figure's name.")
    unit = serializers.CharField(allow_blank=True)
    value = serializers.DecimalField(max_digits=24, decimal_places=4, coerce_to_string=False, allow_null=True)
    compared_with = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="What the value was compared with: the previous year's value, the members' total, the verified "
        "observation.",
    )
    message = serializers.CharField()
    observation = serializers.IntegerField(source="observation_id", allow_null=True)
    observation_status = serializers.CharField(allow_blank=True)
    entry = serializers.IntegerField(source="entry_id", allow_null=True)


class QualityReportSerializer(serializers.Serializer):
    cluster = serializers.IntegerField(source="cluster.pk")
    year = serializers.IntegerField(allow_null=True)
    finding_count = serializers.IntegerField(source="count")
    checks = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    def get_checks(self, report) -> list[dict]:
        return [{**CheckSerializer(check).data, "finding_count": len(found)} for check, found in report.checks]

    def get_findings(self, report) -> list[dict]:
        return FindingSerializer([f for _check, found in report.checks for f in found], many=True).data
