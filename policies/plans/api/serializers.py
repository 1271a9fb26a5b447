"""The API serializers of plans."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, Indicator
from policies.models import CultivationPlan, KeyTask, PlanTarget, PlanTransition, PlanVersion
from policies.plans.progress import Status
from policies.plans.services import FIRST_YEAR, LAST_YEAR
from tenancy.models import Organisation
from tenancy.validators import YearRange

# Serializers -------------------------------------------------------------------------------------------------------


class OwnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "name_en"]
        read_only_fields = fields


class KeyTaskSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="An existing task's id to change it; leave out for a new task."
    )
    position = serializers.IntegerField(read_only=True)

    class Meta:
        model = KeyTask
        fields = ["id", "position", "task", "department", "deadline"]


class PlanTargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), help_text="Code of an indicator of the catalogue."
    )
    indicator_name = serializers.CharField(source="indicator.display_name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    baseline_value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False, min_value=0)
    target_value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False, min_value=0)
    baseline_year = serializers.IntegerField(validators=[YearRange(FIRST_YEAR, LAST_YEAR)])
    target_year = serializers.IntegerField(validators=[YearRange(FIRST_YEAR, LAST_YEAR)])

    class Meta:
        model = PlanTarget
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "unit",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
        ]
        read_only_fields = ["id"]
        validators = []  # duplicates and year order are field errors from the service


class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    """A cluster the caller may see; any other id is 'does not exist' (no hint that it does)."""

    def get_queryset(self):
        return Cluster.objects.all()


class PlanListSerializer(serializers.ModelSerializer):
    cluster_name = serializers.CharField(source="cluster.display_name", read_only=True)
    owners = OwnerSerializer(many=True, read_only=True)

    class Meta:
        model = CultivationPlan
        fields = [
            "id",
            "title",
            "cluster",
            "cluster_name",
            "owners",
            "period_start",
            "period_end",
            "status",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    cluster = VisibleClusterField(help_text="Set when the plan is filed; a plan never moves to another cluster.")
    cluster_name = serializers.CharField(source="cluster.display_name", read_only=True)
    owners = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL),
        help_text="Ids of the owning local governments (default: the caller's). Every owner's jurisdiction holds "
        "a region of the cluster, and the caller's organisation is one of them.",
    )
    owner_details = OwnerSerializer(source="owners", many=True, read_only=True)
    tasks = KeyTaskSerializer(
        many=True, required=False, help_text="The whole list, in order: tasks left out are removed."
    )
    targets = PlanTargetSerializer(
        many=True,
        required=False,
        help_text="The whole list: targets are matched by indicator; those left out are removed.",
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = CultivationPlan
        fields = [
            "id",
            "title",
            "cluster",
            "cluster_name",
            "owners",
            "owner_details",
            "period_start",
            "period_end",
            "overall_thinking",
            "stage_point",
            "stage_line",
            "stage_surface",
            "stage_network",
            "status",
            "version",
            "tasks",
            "targets",
            "created_by",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "status", "version", "created_by", "created", "updated"]
        validators = []  # the domain rules are the service's (field-level errors)


class TransitionRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text="Required to return a plan: what needs to change. Optional otherwise.",
    )


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    organisation = serializers.CharField(source="by_organisation.display_name", read_only=True, allow_null=True)

    class Meta:
        model = PlanTransition
        fields = ["id", "action", "from_status", "to_status", "comment", "version", "by", "organisation", "at"]
        read_only_fields = fields


class PlanVersionListSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = PlanVersion
        fields = ["number", "submitted_by", "submitted_at"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.OBJECT)
class SnapshotField(serializers.JSONField):
    pass


class PlanVersionSerializer(PlanVersionListSerializer):
    snapshot = SnapshotField(
        read_only=True,
        help_text="The plan as submitted: title, period, texts, cluster, owners, tasks (in order) and targets.",
    )

    class Meta(PlanVersionListSerializer.Meta):
        fields = [*PlanVersionListSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class SegmentSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete"])
    text = serializers.CharField(allow_blank=True)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True)
    new = serializers.CharField(allow_blank=True)
    segments = SegmentSerializer(many=True, required=False, help_text="For text: the new text's changed passages.")


class TaskChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    position = serializers.IntegerField()
    task = serializers.CharField()
    changes = FieldChangeSerializer(many=True, required=False)
    old = SnapshotField(required=False, help_text="The removed task.")
    new = SnapshotField(required=False, help_text="The added task.")


class TargetChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    indicator = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True, required=False)
    old = SnapshotField(required=False, help_text="The removed target.")
    new = SnapshotField(required=False, help_text="The added target.")


class DiffSerializer(serializers.Serializer):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    changed = serializers.BooleanField()
    plan = FieldChangeSerializer(many=True)
    tasks = TaskChangeSerializer(many=True)
    targets = TargetChangeSerializer(many=True)


class TargetProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="target.pk")
    indicator = serializers.CharField(source="target.indicator.code")
    indicator_name = serializers.CharField(source="target.indicator.display_name")
    unit = serializers.CharField(source="target.indicator.unit")
    higher_is_better = serializers.BooleanField(source="target.indicator.higher_is_better")
    baseline_year = serializers.IntegerField(source="target.baseline_year")
    baseline_value = serializers.DecimalField(
        source="target.baseline_value", max_digits=20, decimal_places=4, coerce_to_string=False
    )
    target_year = serializers.IntegerField(source="target.target_year")
    target_value = serializers.DecimalField(
        source="target.target_value", max_digits=20, decimal_places=4, coerce_to_string=False
    )
    year = serializers.IntegerField(allow_null=True, help_text="Year of the latest observation after the baseline.")
    actual = serializers.DecimalField(max_digits=24, decimal_places=4, coerce_to_string=False, allow_null=True)
    expected = serializers.DecimalField(
        max_digits=24, decimal_places=4, coerce_to_string=False, allow_null=True, help_text="On the planned path."
    )
    ratio = serializers.FloatField(allow_null=True, help_text="Share of the expected progress achieved.")
    assessment = serializers.ChoiceField(
        source="status",
        choices=list(Status.ORDER),
        help_text="on_track: at least 90 % of the expected progress; at_risk: at least 60 %; off_track: below; "
        "no_data: no observation after the baseline year.",
    )


class ProgressCountsSerializer(serializers.Serializer):
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    off_track = serializers.IntegerField()
    no_data = serializers.IntegerField()


class PlanProgressSerializer(serializers.Serializer):
    rule = serializers.CharField()
    counts = ProgressCountsSerializer()
    targets = TargetProgressSerializer(many=True)
