"""API of cultivation plans: list, read, create, edit (nested key tasks and targets), delete a draft, the
workflow (submit, approve, return), frozen versions, the diff of two versions, plan versus actual, the audit
trail (transitions) and the field-level history."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from policies.models import CultivationPlan, KeyTask, PlanTarget
from policies.plans import selectors, services

# Serializers -------------------------------------------------------------------------------------------------------
from policies.plans.api.serializers import (
    DiffSerializer,
    PlanListSerializer,
    PlanProgressSerializer,
    PlanSerializer,
    PlanVersionListSerializer,
    PlanVersionSerializer,
    TransitionRequestSerializer,
    TransitionSerializer,
)
from policies.plans.progress import RULE, status_counts
from policies.plans.versions import diff
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet
from tenancy.filters import BIGINT, read_number
from tenancy.models import Region

# Filters -----------------------------------------------------------------------------------------------------------


class PlanFilter(FilterSet):
    province = filters.CharFilter(method="filter_province", label="region code: plans of clusters with a region there")
    owner = filters.NumberFilter(method="filter_owner", label="id of an owning local government")

    class Meta:
        model = CultivationPlan
        fields = ["status", "cluster"]

    def filter_province(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        return selectors.filter_plans(queryset, province=region) if region else queryset.none()

    def filter_owner(self, queryset, name, value):
        return selectors.filter_plans(queryset, owner=int(value))


# Views -------------------------------------------------------------------------------------------------------------

VERSION_PARAMETERS = [
    OpenApiParameter("from", int, description="The older version (default: the one before `to`)."),
    OpenApiParameter("to", int, description="The newer version (default: the latest)."),
]


class PlanViewSet(HistoryMixin, TenantModelViewSet):
    """Cultivation plans (DESIGN §2): the ministry reads every plan submitted at least once and approves or returns
    it; a local government files and edits its own plans (co-owners of a cross-region cluster's plan each may) and
    reads the submitted plans of clusters in its jurisdiction; a promotion body reads its clusters' submitted plans.
    Workflow: draft → submitted → approved, or → returned (with a comment) → submitted again; each submission
    freezes a version. Only a draft or a returned plan can be changed. Another tenant's plan is a 404."""

    filterset_class = PlanFilter
    search_fields = ["title", "cluster__name", "cluster__name_en"]
    ordering_fields = ["updated", "title", "period_start", "status"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    permission_rules = {
        "create": "policies.add_cultivationplan",
        "partial_update": "policies.change_cultivationplan",
        "destroy": "policies.delete_cultivationplan",
        "submit": "policies.submit_cultivationplan",
        "approve": "policies.decide_cultivationplan",
        "return_plan": "policies.decide_cultivationplan",
    }

    def get_queryset(self):
        if self.action == "list":
            return selectors.visible_plans()
        return selectors.plan_for_detail().prefetch_related(
            Prefetch("tasks", queryset=KeyTask.objects.order_by("position", "pk")),
            Prefetch(
                "targets",
                queryset=PlanTarget.objects.select_related("indicator").order_by("indicator__position", "pk"),
            ),
        )

    def get_serializer_class(self):
        return PlanListSerializer if self.action == "list" else PlanSerializer

    def _validated(self, serializer):
        serializer.is_valid(raise_exception=True)  # nested rows' errors come out as `tasks.0.deadline`
        return dict(serializer.validated_data)

    def _respond(self, plan, status_code=status.HTTP_200_OK):
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=PlanSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = self._validated(self.get_serializer(data=request.data))
        plan = services.plan_create(
            by=request.user,
            cluster=data.pop("cluster"),
            owners=data.pop("owners", None),
            tasks=data.pop("tasks", []),
            targets=data.pop("targets", []),
            **data,
        )
        return self._respond(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self._validated(self.get_serializer(plan, data=request.data, partial=True))
        plan = services.plan_update(
            plan=plan,
            by=request.user,
            owners=data.pop("owners", None),
            tasks=data.pop("tasks", None),
            targets=data.pop("targets", None),
            **data,
        )
        return self._respond(plan)

    def perform_destroy(self, instance):
        services.plan_delete(plan=instance, by=self.request.user)

    def _transition(self, request, service):
        plan = self.get_object()
        serializer = TransitionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = service(plan=plan, by=request.user, comment=serializer.validated_data["comment"])
        return self._respond(plan)

    @extend_schema(request=TransitionRequestSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """An owner submits a draft or resubmits a returned plan: a new frozen version; the ministry is notified."""
        return self._transition(request, services.plan_submit)

    @extend_schema(request=TransitionRequestSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The ministry approves a submitted plan; the owners and the promotion body are notified."""
        return self._transition(request, services.plan_approve)

    @extend_schema(request=TransitionRequestSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request, pk=None):
        """The ministry returns a submitted plan with a comment (required); the owners are notified."""
        return self._transition(request, services.plan_return)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        """The audit trail of the workflow: who, when, from which status to which, with the comment."""
        return Response(TransitionSerializer(selectors.plan_transitions(self.get_object()), many=True).data)

    @extend_schema(responses=PlanVersionListSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request, pk=None):
        """The frozen versions, newest first (one per submission)."""
        return Response(PlanVersionListSerializer(selectors.plan_versions(self.get_object()), many=True).data)

    @extend_schema(responses=PlanVersionSerializer)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"versions/(?P<number>[0-9]+)",
        url_name="version",
        pagination_class=None,
        filter_backends=[],
    )
    def version_detail(self, request, pk=None, number=None):
        """A frozen version with its snapshot (read-only: a submitted version never changes)."""
        version = selectors.plan_version(self.get_object(), int(number))
        if version is None:
            raise Http404
        return Response(PlanVersionSerializer(version).data)

    @extend_schema(parameters=VERSION_PARAMETERS, responses=DiffSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def diff(self, request, pk=None):
        """Field-by-field differences between two versions: plan texts (with changed passages), key tasks and
        targets added, removed or changed. 400 when the plan has fewer than two versions."""
        plan = self.get_object()
        versions = {v.number: v for v in selectors.plan_versions(plan)}
        numbers = sorted(versions)
        errors = {}
        values = {}
        for name in ("from", "to"):
            raw = request.query_params.get(name, "")
            values[name] = read_number(raw, 1, BIGINT)
            if raw and values[name] is None:
                errors[name] = [_("Enter a version number.")]
        if errors:
            raise exceptions.ValidationError(errors)
        if len(numbers) < 2:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("The plan has fewer than two versions: there is nothing to compare yet.")]}
            )
        new = values["to"] or numbers[-1]
        old = values["from"] or (numbers[-2] if new == numbers[-1] else new - 1)
        if old not in versions or new not in versions:
            raise Http404
        result = diff(versions[old].snapshot, versions[new].snapshot)
        return Response(DiffSerializer({"from_version": old, "to_version": new, **result}).data)

    @extend_schema(responses=PlanProgressSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        """Plan versus actual: each target's progress from the cluster's observations, with the rule."""
        progress = selectors.plan_progress(self.get_object())
        data = {"rule": str(RULE), "counts": status_counts(progress), "targets": progress}
        return Response(PlanProgressSerializer(data).data)
