"""API of the policy library: policies (publish, expire, attachment, history), instruments with their yearly
disbursements, toolkits with their coverage and the comparison of toolkits."""

from django import forms
from django.http import Http404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from clusters.models import Cluster
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet
from tenancy.models import Organisation
from tenancy.uploads import download_response
from tenancy.visibility import Viewer

from .. import library_selectors as selectors
from .. import library_services as services
from ..models import Instrument, Policy, PolicyCategory, Toolkit

# Fields ------------------------------------------------------------------------------------------------------------


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


class CategoryFilter(filters.ModelChoiceFilter):
    field_class = CategoryCodeField


# Policies ----------------------------------------------------------------------------------------------------------


class PolicySerializer(serializers.ModelSerializer):
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
    instrument_count = serializers.IntegerField(read_only=True, required=False)

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


class PolicyFilter(FilterSet):
    category = CategoryFilter(
        field_name="categories", to_field_name="code", queryset=PolicyCategory.objects.all(), label="category code"
    )
    year = filters.NumberFilter(field_name="issued_on", lookup_expr="year", label="year of issue")
    cluster = filters.NumberFilter(field_name="target_clusters", label="target cluster id")
    kind = filters.ChoiceFilter(choices=Instrument.Kind.choices, method="filter_kind", label="instrument kind")
    q = filters.CharFilter(method="filter_q", label="search: Chinese substrings or English words; titles first")

    class Meta:
        model = Policy
        fields = ["level", "issuer", "status", "category", "year", "cluster", "kind", "q"]

    def filter_kind(self, queryset, name, value):
        return selectors.filter_policies(queryset, kind=value)

    def filter_q(self, queryset, name, value):
        return selectors.search_policies(queryset, value)


class ReadOrSignedIn(permissions.BasePermission):
    """Anyone reads (the scope decides what); writing needs a signed-in user."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)


class PolicyViewSet(HistoryMixin, TenantModelViewSet):
    """The policy library. Anyone reads published policies; signed-in users read what DESIGN §2 allows
    (drafts only in the issuing organisation). The ministry and local governments (editors, administrators)
    write their own; `publish` and `expire` move a policy along draft → published → expired.
    `?q=` searches Chinese substrings and English words in title, English title, document number, summary and
    text, title matches first."""

    filterset_class = PolicyFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    search_fields = []
    ordering_fields = ["issued_on", "title", "updated"]
    permission_rules = {
        "create": "policies.add_policy",
        "update": "policies.change_policy",
        "partial_update": "policies.change_policy",
        "destroy": "policies.delete_policy",
        "publish": "policies.publish_policy",
        "expire": "policies.expire_policy",
    }

    def get_permissions(self):
        from tenancy.api.permissions import RulesPermission

        if self.action == "history":
            return [permissions.IsAuthenticated(), RulesPermission()]
        return [ReadOrSignedIn(), RulesPermission()]

    def get_queryset(self):
        if self.action == "list":
            return selectors.visible_policies().order_by("-issued_on", "-pk")
        return selectors.policy_for_detail()

    def get_serializer_class(self):
        return PolicyListSerializer if self.action == "list" else PolicySerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("clear_attachment", None)
        issuer = Organisation.objects.select_related("region").get(
            pk=Viewer.for_user(self.request.user).organisation_id
        )
        serializer.instance = services.policy_create(issuer=issuer, by=self.request.user, **data)

    def perform_update(self, serializer):
        services.policy_update(policy=serializer.instance, by=self.request.user, **serializer.validated_data)
        serializer.instance = selectors.policy_for_detail().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.policy_delete(policy=instance, by=self.request.user)

    @extend_schema(request=None, responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft: from now on it is public."""
        return self._move(services.policy_publish)

    @extend_schema(request=None, responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def expire(self, request, pk=None):
        """Mark a published policy expired: it stays readable, and read-only."""
        return self._move(services.policy_expire)

    def _move(self, service):
        policy = self.get_object()
        service(policy=policy, by=self.request.user)
        return Response(PolicySerializer(policy, context=self.get_serializer_context()).data)

    @extend_schema(
        responses={
            (200, content_type): OpenApiTypes.BINARY
            for content_type in sorted({t[1] for t in services.ATTACHMENT_TYPES.values()})
        },
        description="The attachment, as a download; 404 when the policy has none.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def attachment(self, request, pk=None):
        return attachment_response(self.get_object())


def attachment_response(policy):
    """The attachment as a download; its type is the one checked on upload."""
    return download_response(
        policy.attachment,
        filename=services.attachment_filename(policy),
        content_type=services.attachment_content_type(policy),
    )


# Instruments -------------------------------------------------------------------------------------------------------


class DisbursementSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=services.FIRST_YEAR, max_value=9999)
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

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_disbursed(self, instrument):
        return f"{sum((d.amount for d in instrument.disbursements.all()), 0):.2f}"

    def validate_policy(self, policy):
        if self.instance is not None and policy.pk != self.instance.policy_id:
            raise serializers.ValidationError("An instrument cannot move to another policy.")
        return policy


class InstrumentFilter(FilterSet):
    category = filters.CharFilter(field_name="category_id", label="category code")
    cluster = filters.NumberFilter(field_name="target_clusters", label="beneficiary cluster id")

    class Meta:
        model = Instrument
        fields = ["policy", "kind", "category", "cluster"]


class InstrumentViewSet(HistoryMixin, TenantModelViewSet):
    """Instruments of the policies the caller may read (anyone: those of published policies), with their
    yearly disbursements. The issuing organisation (editors, administrators) writes them while the policy has
    not expired; the disbursements add up to at most the amount committed."""

    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    search_fields = ["name", "name_en", "policy__title"]
    ordering_fields = ["amount", "kind", "name"]
    permission_rules = {
        "create": "policies.add_instrument",
        "update": "policies.change_instrument",
        "partial_update": "policies.change_instrument",
        "destroy": "policies.delete_instrument",
    }

    def get_permissions(self):
        from tenancy.api.permissions import RulesPermission

        if self.action == "history":
            return [permissions.IsAuthenticated(), RulesPermission()]
        return [ReadOrSignedIn(), RulesPermission()]

    def get_queryset(self):
        return selectors.visible_instruments()

    @staticmethod
    def _disbursements(data):
        rows = data.pop("disbursements", None)
        return None if rows is None else [(row["year"], row["amount"]) for row in rows]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        policy = data.pop("policy")
        if not self.request.user.has_perm("policies.add_instrument_to_policy", policy):
            raise exceptions.PermissionDenied()
        disbursements = self._disbursements(data) or []
        serializer.instance = services.instrument_create(
            policy=policy, by=self.request.user, disbursements=disbursements, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("policy", None)
        disbursements = self._disbursements(data)
        services.instrument_update(
            instrument=serializer.instance, by=self.request.user, disbursements=disbursements, **data
        )
        serializer.instance = selectors.visible_instruments().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.instrument_delete(instrument=instance, by=self.request.user)


# Toolkits ----------------------------------------------------------------------------------------------------------


class ToolkitSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    cluster = VisibleClusterField()
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    policies = VisiblePolicyField(many=True, required=False)
    instruments = VisibleInstrumentField(many=True, required=False)
    policy_count = serializers.IntegerField(read_only=True, required=False)
    instrument_count = serializers.IntegerField(read_only=True, required=False)

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
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)


class CategoryCoverageSerializer(serializers.Serializer):
    code = serializers.CharField(source="category.code")
    name = serializers.CharField(source="category.display_name")
    status = serializers.ChoiceField(
        choices=["covered", "unfunded", "gap"],
        help_text="gap: no policy and no instrument; unfunded: policies but no money committed",
    )
    policies = serializers.ListField(child=serializers.IntegerField(), source="policy_ids")
    instruments = serializers.ListField(child=serializers.IntegerField(), source="instrument_ids")
    committed = serializers.DecimalField(max_digits=18, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=18, decimal_places=2)
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
    committed = serializers.DecimalField(max_digits=18, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=18, decimal_places=2)
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


class ToolkitFilter(FilterSet):
    class Meta:
        model = Toolkit
        fields = ["cluster", "owner"]


def parse_ids(values) -> list[int]:
    """`?cluster=1&cluster=2` or `?cluster=1,2` → [1, 2]; ValueError on anything else."""
    ids = []
    for value in values:
        for part in str(value).replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise ValueError(part)
            if int(part) not in ids:
                ids.append(int(part))
    return ids


class ToolkitViewSet(HistoryMixin, TenantModelViewSet):
    """Local governments' toolkits: the policies and instruments bundled for a cluster in their jurisdiction.
    The owner (editors, administrators) writes them; the ministry reads all, a promotion body those for its
    clusters. `coverage` shows the categories covered, the money committed and disbursed and the gaps;
    `compare` puts toolkits side by side."""

    filterset_class = ToolkitFilter
    search_fields = ["title", "cluster__name"]
    ordering_fields = ["title", "updated"]
    permission_rules = {
        "create": "policies.add_toolkit",
        "update": "policies.change_toolkit",
        "partial_update": "policies.change_toolkit",
        "destroy": "policies.delete_toolkit",
    }

    def get_queryset(self):
        if self.action == "list":
            return selectors.visible_toolkits()
        return selectors.toolkit_for_detail().prefetch_related("policies", "instruments")

    def get_serializer_class(self):
        return ToolkitListSerializer if self.action == "list" else ToolkitSerializer

    def perform_create(self, serializer):
        owner = Organisation.objects.select_related("region").get(pk=Viewer.for_user(self.request.user).organisation_id)
        serializer.instance = services.toolkit_create(owner=owner, by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        services.toolkit_update(toolkit=serializer.instance, by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.toolkit_delete(toolkit=instance, by=self.request.user)

    @extend_schema(responses=CoverageSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def coverage(self, request, pk=None):
        """Per category: the policies covering it, the instruments, money committed and disbursed (by year);
        categories with nothing are gaps."""
        toolkit = self.get_object()
        return Response(CoverageSerializer(selectors.toolkit_coverage([toolkit])[toolkit.pk]).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("cluster", OpenApiTypes.STR, description="cluster ids, repeated or comma-separated"),
            OpenApiParameter("toolkit", OpenApiTypes.STR, description="toolkit ids, repeated or comma-separated"),
        ],
        responses=CoverageSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def compare(self, request):
        """The coverage of the visible toolkits for the chosen clusters (or toolkits), side by side; with
        neither, every visible toolkit. At most 10; a cluster or toolkit the caller may not see is a 404."""
        try:
            cluster_ids = parse_ids(request.query_params.getlist("cluster"))
            toolkit_ids = parse_ids(request.query_params.getlist("toolkit"))
        except ValueError as exc:
            raise exceptions.ValidationError({"cluster": ["Give ids as numbers, e.g. cluster=1,2."]}) from exc
        toolkits, error = comparison_toolkits(cluster_ids=cluster_ids, toolkit_ids=toolkit_ids)
        if error:
            raise exceptions.ValidationError({"cluster": [error]})
        coverage = selectors.toolkit_coverage(toolkits)
        return Response(CoverageSerializer([coverage[t.pk] for t in toolkits], many=True).data)


def comparison_toolkits(*, cluster_ids, toolkit_ids):
    """(toolkits, error). A chosen cluster or toolkit the viewer may not see is a 404, never silently dropped."""
    from django.utils.translation import gettext as _

    visible_cluster_ids = set(Cluster.objects.filter(pk__in=cluster_ids).values_list("pk", flat=True))
    if len(visible_cluster_ids) != len(cluster_ids):
        raise Http404
    toolkits = list(selectors.toolkits_to_compare(cluster_ids=cluster_ids, toolkit_ids=toolkit_ids))
    if not set(toolkit_ids) <= {t.pk for t in toolkits}:
        raise Http404
    if len(toolkits) > selectors.MAX_COMPARED_TOOLKITS:
        return [], _("Compare at most %(max)d toolkits at a time; this choice holds %(count)d.") % {
            "max": selectors.MAX_COMPARED_TOOLKITS,
            "count": len(toolkits),
        }
    return toolkits, None
