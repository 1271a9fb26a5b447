"""API of the policy library: policies (publish, expire, attachment, history), instruments with their yearly
disbursements, toolkits with their coverage and the comparison of toolkits."""

from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from clusters.models import Cluster
from policies.library import selectors, services

# Fields ------------------------------------------------------------------------------------------------------------
from policies.library.api.serializers import (
    CategoryCodeField,
    CoverageSerializer,
    InstrumentSerializer,
    PolicyListSerializer,
    PolicySerializer,
    ToolkitListSerializer,
    ToolkitSerializer,
)
from policies.models import Instrument, Policy, PolicyCategory, Toolkit
from tenancy.api.filters import FilterSet
from tenancy.api.parsers import JSONParser
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet
from tenancy.filters import parse_ids
from tenancy.models import Organisation
from tenancy.uploads import download_response
from tenancy.visibility import Viewer


class CategoryFilter(filters.ModelChoiceFilter):
    field_class = CategoryCodeField


# Policies ----------------------------------------------------------------------------------------------------------


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


class ToolkitFilter(FilterSet):
    class Meta:
        model = Toolkit
        fields = ["cluster", "owner"]


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
            raise exceptions.ValidationError({"cluster": [_("Give ids as numbers, e.g. cluster=1,2.")]}) from exc
        toolkits, error = comparison_toolkits(cluster_ids=cluster_ids, toolkit_ids=toolkit_ids)
        if error:
            raise exceptions.ValidationError({"cluster": [error]})
        coverage = selectors.toolkit_coverage(toolkits)
        return Response(CoverageSerializer([coverage[t.pk] for t in toolkits], many=True).data)


def comparison_toolkits(*, cluster_ids, toolkit_ids):
    """(toolkits, error). A chosen cluster or toolkit the viewer may not see is a 404, never silently dropped."""
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
