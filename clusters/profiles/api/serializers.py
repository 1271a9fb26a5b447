from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import ChainCategory, ChainLink, Cluster, Milestone
from clusters.profiles.selectors import register_designation, visible_clusters
from tenancy.api.serializers import FieldsBuiltOnce
from tenancy.models import IndustryField, Organisation, Region
from tenancy.validators import MILESTONE_YEARS, YearRange


class ClusterSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    field = serializers.SlugRelatedField(slug_field="code", queryset=IndustryField.objects.all())
    regions = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Region.objects.all())
    promotion_body = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Cluster
        fields = [
            "id",
            "name",
            "name_en",
            "field",
            "regions",
            "promotion_body",
            "tier",
            "national_since",
            "stage",
            "is_public",
            "summary",
            "updated",
        ]
        read_only_fields = ["tier", "national_since", "updated"]


class NewBodySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    slug = serializers.CharField(max_length=64, help_text="Short name: letters, digits, hyphens and underscores.")


class NewAdminSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.EmailField(help_text="The invitation to set a password goes here.")


class ClusterCreateSerializer(ClusterSerializer):
    """Register a cluster with an existing promotion body (`promotion_body`), or with a new one (`body`, and its
    first administrator `admin`, who is invited), in one step."""

    promotion_body = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.CLUSTER_BODY, is_active=True),
        required=False,
        allow_null=True,
    )
    body = NewBodySerializer(required=False, write_only=True, help_text="A new promotion body, instead of one.")
    admin = NewAdminSerializer(required=False, write_only=True, help_text="The new body's first administrator.")

    class Meta(ClusterSerializer.Meta):
        fields = [*ClusterSerializer.Meta.fields, "body", "admin"]
        read_only_fields = ["updated"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("promotion_body") is None and not attrs.get("body"):
            raise serializers.ValidationError(
                {"promotion_body": [_("Choose an existing promotion body or name a new one.")]}
            )
        if attrs.get("promotion_body") is not None and (attrs.get("body") or attrs.get("admin")):
            raise serializers.ValidationError(
                {"body": [_("Choose an existing promotion body or name a new one, not both.")]}
            )
        return attrs


class GovernanceSerializer(serializers.Serializer):
    """The ministry's settings of a cluster; fields left out stay as they are (the service checks them)."""

    regions = serializers.ListField(
        child=serializers.CharField(max_length=12),
        required=False,
        help_text="Region codes, the main region first: their governments supervise the cluster.",
    )
    is_public = serializers.BooleanField(required=False, help_text="Shown in the public register.")
    promotion_body = serializers.IntegerField(required=False, help_text="An active cluster promotion body's id.")
    reason = serializers.CharField(max_length=100, help_text="Kept in the cluster's history.")


class TierChangeSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Cluster.Tier.choices)
    reason = serializers.CharField(max_length=100)


class ClusterChildSerializer(serializers.ModelSerializer):
    """For rows that belong to a cluster: the cluster is one the caller sees; it cannot be moved."""

    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.none())  # per request: get_fields

    def get_fields(self):
        fields = super().get_fields()
        fields["cluster"].queryset = visible_clusters()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["cluster"].read_only = True
        return fields

    def validate(self, attrs):
        instance = self.Meta.model(**{**self._current(), **attrs})
        instance._state.adding = self.instance is None  # an update is not checked against its own row
        instance.full_clean(exclude=["cluster"] if "cluster" not in attrs and self.instance is None else None)
        return attrs

    def _current(self):
        if self.instance is None:
            return {}
        return {f.attname: getattr(self.instance, f.attname) for f in self.Meta.model._meta.concrete_fields}


class ChainCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ChainCategory
        fields = ["id", "field", "code", "name", "name_en", "segment", "position"]


class ChainLinkSerializer(ClusterChildSerializer):
    members = serializers.IntegerField(read_only=True, source="member_count", default=0)
    category = serializers.PrimaryKeyRelatedField(
        queryset=ChainCategory.objects.all(),
        allow_null=True,
        required=False,
        help_text="A chain category (GET /api/v1/chain-categories/) of the cluster's industry field.",
    )

    class Meta:
        model = ChainLink
        fields = ["id", "cluster", "name", "name_en", "segment", "category", "position", "members"]


class MilestoneSerializer(ClusterChildSerializer):
    year = serializers.IntegerField(
        validators=[YearRange(*MILESTONE_YEARS)],
        allow_null=True,
        required=False,
        help_text="Null when the source gives no year.",
    )

    class Meta:
        model = Milestone
        fields = ["id", "cluster", "year", "kind", "title", "description"]


class RegisterDesignationSerializer(serializers.Serializer):
    """The competition whose final result designated the cluster national-level, and the notice of that result."""

    competition = serializers.CharField(source="name")
    competition_en = serializers.CharField(source="name_en")
    year = serializers.IntegerField(allow_null=True)
    notice = serializers.IntegerField(allow_null=True)


class PublicClusterSerializer(serializers.ModelSerializer):
    """The public register's published fields only."""

    field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    promotion_body = serializers.CharField(source="promotion_body.name", read_only=True)
    designated_by = serializers.SerializerMethodField(
        help_text="The competition whose final result designated the cluster national-level (null when none did)."
    )

    class Meta:
        model = Cluster
        fields = [
            "id",
            "name",
            "name_en",
            "field",
            "regions",
            "promotion_body",
            "tier",
            "national_since",
            "designated_by",
            "stage",
            "summary",
        ]
        read_only_fields = fields

    @extend_schema_field(RegisterDesignationSerializer(allow_null=True))
    def get_designated_by(self, cluster):
        designation = register_designation(cluster)
        return None if designation is None else RegisterDesignationSerializer(designation).data
