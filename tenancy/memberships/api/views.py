from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenancy.api.viewsets import HistoryMixin, TenantViewSetMixin
from tenancy.invitations.services import membership_invite
from tenancy.memberships import services
from tenancy.memberships.api.serializers import (
    MembershipCreateSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
)
from tenancy.memberships.selectors import organisation_members
from tenancy.models import Organisation
from tenancy.visibility import Viewer


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
