"""The API serializers of library."""

from django import forms
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster
from policies.library import services
from policies.models import Instrument, Policy, PolicyCategory, Toolkit
from tenancy.api.serializers import FieldsBuiltOnce
from tenancy.validators import YearRange

# Fields ------------------------------------------------------------------------------------------------------------


class AnnotatedCount(serializers.IntegerField):
    """A count a list annotates on its rows (under the field's name); a detail, a create or a state change
    (`expire`) counts the relation instead, so every response carries it and the schema can require it."""

    def __init__(self, relation, **kwargs):
        self.relation = relation
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.field_name, None)
        return value if value is not None else getattr(instance, self.relation).count()


class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    """A cluster the caller may see; any other id 'does not exist'."""

    def get_queryset(self):
        return Cluster.objects.all()


class VisiblePolicyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Policy.objects.select_related("issuer")


class VisibleInstrumentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Instrument.objects.all()


class CategoryField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", PolicyCategory.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:  # PostgreSQL text cannot hold NUL: no category has it
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", "\\x00"))
        return super().to_internal_value(data)


class CategoryCodeField(forms.ModelChoiceField):
    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PolicySerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    issuer = serializers.PrimaryKeyRelatedField(read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    categories = CategoryField(many=True, allow_empty=False, help_text="Category codes: industry, innovation, …")
    target_clusters = VisibleClusterField(many=True, required=False)
    attachment = serializers.FileField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=f"PDF, DOCX or XLSX, at most {services.MAX_ATTACHMENT_BYTES // 1024 // 1024} MB; "
        "send as multipart/form-data.",
    )
    clear_attachment = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Remove the attachment."
    )
    attachment_url = serializers.SerializerMethodField()
    instrument_count = AnnotatedCount("instruments")

    class Meta:
        model = Policy
        fields = [
            "id",
            "issuer",
            "issuer_name",
            "level",
            "title",
            "title_en",
            "document_number",
            "issued_on",
            "effective_on",
            "categories",
            "target_clusters",
            "summary",
            "text",
            "source_url",
            "status",
            "published_at",
            "expired_at",
            "attachment",
            "clear_attachment",
            "attachment_url",
            "instrument_count",
            "created",
            "updated",
        ]
        read_only_fields = ["level", "status", "published_at", "expired_at", "created", "updated"]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Download URL of the attachment"))
    def get_attachment_url(self, policy):
        return reverse("api:policy-attachment", args=[policy.pk]) if policy.attachment else None


class PolicyListSerializer(PolicySerializer):
    """The list leaves out the full text (read it from the policy itself)."""

    class Meta(PolicySerializer.Meta):
        fields = [f for f in PolicySerializer.Meta.fields if f not in ("text", "attachment", "clear_attachment")]


class DisbursementSerializer(serializers.Serializer):
    year = serializers.IntegerField(validators=[YearRange(services.FIRST_YEAR)])
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)


class InstrumentSerializer(serializers.ModelSerializer):
    policy = VisiblePolicyField()
    policy_title = serializers.CharField(source="policy.title", read_only=True)
    category = CategoryField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, help_text="Committed, in yuan")
    target_clusters = VisibleClusterField(many=True, required=False)
    disbursements = DisbursementSerializer(
        many=True, required=False, help_text="One per year; on write, replaces the list. Total ≤ amount."
    )
    disbursed = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "id",
            "policy",
            "policy_title",
            "kind",
            "category",
            "name",
            "name_en",
            "amount",
            "currency_note",
            "target_clusters",
            "description",
            "disbursements",
            "disbursed",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0))
    def get_disbursed(self, instrument):
        return f"{sum((d.amount for d in instrument.disbursements.all()), 0):.2f}"

    def validate_policy(self, policy):
        if self.instance is not None and policy.pk != self.instance.policy_id:
            raise serializers.ValidationError("An instrument cannot move to another policy.")
        return policy


class ToolkitSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    cluster = VisibleClusterField()
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    policies = VisiblePolicyField(many=True, required=False)
    instruments = VisibleInstrumentField(many=True, required=False)
    policy_count = AnnotatedCount("policies")
    instrument_count = AnnotatedCount("instruments")

    class Meta:
        model = Toolkit
        fields = [
            "id",
            "owner",
            "owner_name",
            "cluster",
            "cluster_name",
            "title",
            "policies",
            "instruments",
            "notes",
            "policy_count",
            "instrument_count",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators = []  # the duplicate (owner, cluster) is a field error on `cluster`, from the service


class ToolkitListSerializer(ToolkitSerializer):
    class Meta(ToolkitSerializer.Meta):
        fields = [f for f in ToolkitSerializer.Meta.fields if f not in ("policies", "instruments")]


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)


class CategoryCoverageSerializer(serializers.Serializer):
    code = serializers.CharField(source="category.code")
    name = serializers.CharField(source="category.display_name")
    status = serializers.ChoiceField(
        choices=["covered", "unfunded", "gap"],
        help_text="gap: no policy and no instrument; unfunded: policies but no money committed",
    )
    policies = serializers.ListField(child=serializers.IntegerField(), source="policy_ids")
    instruments = serializers.ListField(child=serializers.IntegerField(), source="instrument_ids")
    committed = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    disbursed = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    by_year = serializers.SerializerMethodField()

    @extend_schema_field(YearAmountSerializer(many=True))
    def get_by_year(self, row):
        return [{"year": y, "amount": f"{a:.2f}"} for y, a in sorted(row.by_year.items())]


class CoverageSerializer(serializers.Serializer):
    toolkit = serializers.IntegerField(source="toolkit.pk")
    cluster = serializers.IntegerField(source="toolkit.cluster_id")
    cluster_name = serializers.CharField(source="toolkit.cluster.name")
    owner_name = serializers.CharField(source="toolkit.owner.name")
    categories = CategoryCoverageSerializer(many=True, source="rows")
    gaps = serializers.SerializerMethodField()
    policy_count = serializers.SerializerMethodField()
    instrument_count = serializers.SerializerMethodField()
    committed = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    disbursed = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    by_year = serializers.SerializerMethodField()

    def get_gaps(self, coverage) -> list[str]:
        return [c.code for c in coverage.gaps]

    def get_policy_count(self, coverage) -> int:
        return len(coverage.policy_ids)

    def get_instrument_count(self, coverage) -> int:
        return len(coverage.instrument_ids)

    @extend_schema_field(YearAmountSerializer(many=True))
    def get_by_year(self, coverage):
        return [{"year": y, "amount": f"{a:.2f}"} for y, a in sorted(coverage.by_year.items())]
