"""The API serializers of the national benchmark: a standing carries the own value and its rank, never a figure of
another cluster."""

from rest_framework import serializers


class StandingSerializer(serializers.Serializer):
    kind = serializers.CharField(source="measure.kind", help_text="indicator or axis")
    key = serializers.CharField(source="measure.key", help_text="The indicator's code or the axis's key.")
    label = serializers.CharField(source="measure.label")
    unit = serializers.CharField(source="measure.unit", allow_blank=True)
    higher_is_better = serializers.BooleanField(
        source="measure.higher_is_better", help_text="The direction the percentile is counted in."
    )
    value = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="The own cluster's counted value (an axis: its 0–100 score); null without one.",
    )
    shown = serializers.BooleanField(help_text="Whether a rank is shown (a value, and a cohort of at least five).")
    percentile = serializers.IntegerField(
        source="rank.percentile",
        allow_null=True,
        default=None,
        help_text="P = 100 × (worse + ½ × tied) / (N − 1): the share of the other clusters of the cohort the value "
        "is better than, ties counting half.",
    )
    cohort_size = serializers.IntegerField(
        source="rank.cohort_size", allow_null=True, default=None, help_text="N, the own cluster included."
    )
    band = serializers.IntegerField(
        source="rank.band", allow_null=True, default=None, help_text="Quarter of the cohort: 1 bottom … 4 top."
    )
    band_label = serializers.CharField(source="rank.band_label", allow_null=True, default=None)
    reason = serializers.CharField(
        allow_blank=True, help_text="Why no rank is shown: no_value or cohort_too_small (blank when shown)."
    )
    reason_text = serializers.CharField(source="reason_label", allow_blank=True)


class ClusterBenchmarkSerializer(serializers.Serializer):
    cluster = serializers.IntegerField(source="cluster.pk")
    cluster_name = serializers.CharField(source="cluster.display_name")
    year = serializers.IntegerField(allow_null=True, help_text="The year whose verified values count.")
    cohort = serializers.CharField(help_text="national, tier or field.")
    min_cohort = serializers.IntegerField()
    indicators = StandingSerializer(many=True)
    axes = StandingSerializer(many=True, help_text="The six-mechanism diagnostic's axes, scored today.")


class BenchmarkRowSerializer(serializers.Serializer):
    cluster = serializers.IntegerField(source="cluster.pk")
    cluster_name = serializers.CharField(source="cluster.display_name")
    tier = serializers.CharField(source="cluster.tier")
    indicator = StandingSerializer(allow_null=True)
    axes = StandingSerializer(many=True)
