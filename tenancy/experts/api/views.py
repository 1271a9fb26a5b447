import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantViewSetMixin
from tenancy.experts import services as expert_services
from tenancy.experts.api.serializers import (
    ExpertChangeSerializer,
    ExpertCreateSerializer,
    ExpertProfileSerializer,
    ExpertSelfChangeSerializer,
)
from tenancy.models import ExpertProfile
from tenancy.visibility import Viewer


class ExpertProfileFilter(FilterSet):
    field = django_filters.CharFilter(field_name="fields__code", label="industry field code")
    region = django_filters.CharFilter(method="filter_region", label="region code (and every region below it)")
    is_active = django_filters.BooleanFilter(field_name="user__is_active", label="active (can sign in)")

    class Meta:
        model = ExpertProfile
        fields = ["is_eligible", "field", "region", "is_active"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value.rstrip("0") or value)


class ExpertProfileViewSet(TenantViewSetMixin, HistoryMixin, viewsets.ReadOnlyModelViewSet):
    """The ministry's expert pool: the ministry's editors add an expert (who is invited to set a password), change
    a profile, deactivate or reactivate an expert and send the invitation again. An expert reads and changes their
    own profile (here or at `experts/me/`), never their eligibility; nobody else sees any profile."""

    serializer_class = ExpertProfileSerializer
    filterset_class = ExpertProfileFilter
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "affiliation"]
    permission_rules = {
        "create": "tenancy.manage_experts",
        "partial_update": "tenancy.change_expert_profile",
        "deactivate": "tenancy.manage_experts",
        "reactivate": "tenancy.manage_experts",
        "invite": "tenancy.manage_experts",
        "me": "tenancy.change_own_expert_profile",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return ExpertProfile.objects.select_related("user", "region").prefetch_related("fields").order_by("pk")

    def _answer(self, profile, status_code=status.HTTP_200_OK):
        return Response(ExpertProfileSerializer(self.get_queryset().get(pk=profile.pk)).data, status=status_code)

    @extend_schema(request=ExpertCreateSerializer, responses={201: ExpertProfileSerializer})
    def create(self, request):
        serializer = ExpertCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = expert_services.expert_create(by=request.user, **serializer.validated_data)
        return self._answer(profile, status.HTTP_201_CREATED)

    @extend_schema(request=ExpertChangeSerializer, responses=ExpertProfileSerializer)
    def partial_update(self, request, pk=None):
        return self._change(request, self.get_object())

    def _change(self, request, profile):
        if Viewer.for_user(request.user).is_expert:
            allowed = set(ExpertSelfChangeSerializer().fields)
            refused = sorted(set(request.data) - allowed)
            if refused:
                raise PermissionDenied(_("Only the ministry changes: %(fields)s.") % {"fields": ", ".join(refused)})
            serializer = ExpertSelfChangeSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            expert_services.expert_self_update(profile=profile, by=request.user, **serializer.validated_data)
        else:
            serializer = ExpertChangeSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            expert_services.expert_update(profile=profile, by=request.user, **serializer.validated_data)
        return self._answer(profile)

    @extend_schema(request=None, responses=ExpertProfileSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def deactivate(self, request, pk=None):
        profile = expert_services.expert_set_active(profile=self.get_object(), active=False, by=request.user)
        return self._answer(profile)

    @extend_schema(request=None, responses=ExpertProfileSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reactivate(self, request, pk=None):
        profile = expert_services.expert_set_active(profile=self.get_object(), active=True, by=request.user)
        return self._answer(profile)

    @extend_schema(request=None, responses=ExpertProfileSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def invite(self, request, pk=None):
        """Send the invitation to set a password (for the first time, or again with a new link)."""
        profile = self.get_object()
        expert_services.expert_invite(profile=profile, by=request.user)
        return self._answer(profile)

    @extend_schema(request=ExpertSelfChangeSerializer, responses=ExpertProfileSerializer)
    @action(detail=False, methods=["get", "patch"], filter_backends=[], pagination_class=None)
    def me(self, request):
        """The signed-in expert's own profile."""
        profile = get_object_or_404(self.get_queryset(), user_id=request.user.pk)
        if request.method == "PATCH":
            return self._change(request, profile)
        return self._answer(profile)
