import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..experts import services as expert_services
from ..invitations.services import membership_invite
from ..models import ExpertProfile, IndustryField, Organisation, Region
from ..organisations import services as organisation_services
from ..organisations.selectors import organisations_for
from ..selectors import organisation_members
from ..visibility import Viewer
from .filters import FilterSet
from .serializers import (
    ExpertChangeSerializer,
    ExpertCreateSerializer,
    ExpertProfileSerializer,
    ExpertSelfChangeSerializer,
    IndustryFieldSerializer,
    MembershipCreateSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
    MeSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    RegionSerializer,
)
from .viewsets import HistoryMixin, TenantViewSetMixin


class MeView(APIView):
    """The signed-in user, their organisation, its kind and their role."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        viewer = Viewer.for_user(user)
        organisation = (
            Organisation.objects.filter(pk=viewer.organisation_id).first() if viewer.organisation_id else None
        )
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.get_full_name(),
            "kind": viewer.kind,
            "role": viewer.role,
            "organisation": organisation,
            "is_superuser": user.is_superuser,
        }
        return Response(MeSerializer(data).data)


class ExpertProfileFilter(FilterSet):
    field = django_filters.CharFilter(field_name="fields__code", label="industry field code")
    region = django_filters.CharFilter(method="filter_region", label="region code (and every region below it)")
    is_active = django_filters.BooleanFilter(field_name="user__is_active", label="active (can sign in)")

    class Meta:
        model = ExpertProfile
        fields = ["is_eligible", "field", "region", "is_active"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value.rstrip("0") or value)


class RegionFilter(FilterSet):
    class Meta:
        model = Region
        fields = ["level", "parent"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """China's administrative divisions (GB/T 2260): public reference data."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    filterset_class = RegionFilter
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["code", "name"]


class IndustryFieldViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IndustryField.objects.all()
    serializer_class = IndustryFieldSerializer
    permission_classes = [AllowAny]
    pagination_class = None


class OrganisationViewSet(
    TenantViewSetMixin,
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The ministry, local governments and cluster promotion bodies (a directory to signed-in users). An expert,
    who belongs to no organisation, reads the ministry and the governments only: a promotion body's name would tell
    the reviewer of a blind round whose entry they read. The ministry's administrators create, change, deactivate
    and reactivate organisations of every kind; a provincial government's administrators the governments below
    it. A new organisation's first administrator (`admin`) is invited by e-mail."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "region", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    ordering_fields = ["name", "kind"]
    permission_rules = {
        "create": "tenancy.add_organisation",
        "partial_update": "tenancy.change_organisation",
        "deactivate": "tenancy.change_organisation",
        "reactivate": "tenancy.change_organisation",
        "history": "tenancy.change_organisation",  # who changed what: for those who manage the organisation
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return organisations_for(user=self.request.user)

    @extend_schema(request=OrganisationCreateSerializer, responses={201: OrganisationSerializer})
    def create(self, request):
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_services.organisation_create(
            by=request.user, language=request.LANGUAGE_CODE, **serializer.validated_data
        )
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OrganisationWriteSerializer(partial=True), responses=OrganisationSerializer)
    def partial_update(self, request, pk=None):
        organisation = self.get_object()
        serializer = OrganisationWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_services.organisation_update(
            organisation=organisation, by=request.user, **serializer.validated_data
        )
        return Response(OrganisationSerializer(organisation).data)

    @extend_schema(request=None, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._set_active(False)

    @extend_schema(request=None, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return self._set_active(True)

    def _set_active(self, active):
        organisation = self.get_object()
        organisation = organisation_services.organisation_set_active(
            organisation=organisation, by=self.request.user, active=active
        )
        return Response(OrganisationSerializer(organisation).data)


class MembershipViewSet(
    TenantViewSetMixin,
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the caller's organisation; its administrators add members,
    change roles and deactivate or reactivate accounts."""

    serializer_class = MembershipSerializer
    filterset_fields = ["role", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    ordering_fields = ["user__username", "role", "created"]
    permission_rules = {
        "create": "tenancy.manage_members",
        "update": "tenancy.change_membership",
        "partial_update": "tenancy.change_membership",
        "deactivate": "tenancy.change_membership",
        "reactivate": "tenancy.change_membership",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return organisation_members()

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer})
    def create(self, request):
        serializer = MembershipCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = Organisation.objects.get(pk=Viewer.for_user(request.user).organisation_id)
        membership = membership_invite(organisation=organisation, invited_by=request.user, **serializer.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MembershipRoleSerializer, responses=MembershipSerializer)
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        serializer = MembershipRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.membership_change_role(membership=membership, **serializer.validated_data)
        return Response(MembershipSerializer(membership).data)

    @extend_schema(request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._set_active(False)

    @extend_schema(request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return self._set_active(True)

    def _set_active(self, active):
        membership = self.get_object()
        services.membership_set_active(membership=membership, active=active)
        return Response(MembershipSerializer(membership).data)


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
