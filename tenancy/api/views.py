from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..invitations.services import membership_invite
from ..models import ExpertProfile, IndustryField, Organisation, Region
from ..organisations import services as organisation_services
from ..organisations.selectors import organisations_for
from ..selectors import organisation_members
from ..visibility import Viewer
from .errors import error_body
from .filters import FilterSet
from .serializers import (
    ExpertProfileSerializer,
    IndustryFieldSerializer,
    MembershipCreateSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
    MeSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    RegionSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from .viewsets import HistoryMixin, TenantViewSetMixin


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token …`)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def get_authenticate_header(self, request):
        return "Token"  # a failed sign-in answers 401, not 403

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None:
            # Answered, not raised: a raised error rolls the request back, and the failed attempt must count.
            return Response(
                error_body(401, "authentication_failed", _("The username or password is not correct.")),
                status=401,
                headers={"WWW-Authenticate": "Token"},
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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


class ExpertProfileViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The ministry's expert pool; an expert sees their own profile."""

    serializer_class = ExpertProfileSerializer
    filterset_fields = ["is_eligible", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "affiliation"]

    def get_queryset(self):
        return ExpertProfile.objects.select_related("user", "region").prefetch_related("fields")
