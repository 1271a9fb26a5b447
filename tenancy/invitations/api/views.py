"""API of invitations: the caller's visible invitations (the ministry's administrators all, an organisation's
administrators their organisation's and those they sent); send one again or withdraw it."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantReadOnlyViewSet
from tenancy.invitations import services
from tenancy.invitations.api.serializers import InvitationSerializer
from tenancy.invitations.models import Invitation
from tenancy.invitations.selectors import invitations_listed
from tenancy.invitations.views import STATUS_FILTERS


class InvitationFilter(FilterSet):
    status = filters.ChoiceFilter(
        choices=[(name, name) for name in STATUS_FILTERS], method="filter_status", label="open, accepted, withdrawn"
    )

    class Meta:
        model = Invitation
        fields = ["organisation"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(STATUS_FILTERS[value])


class InvitationViewSet(TenantReadOnlyViewSet):
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter
    search_fields = ["email", "user__username", "organisation__name"]
    ordering_fields = ["sent", "expires", "email"]
    permission_rules = {
        "list": "tenancy.manage_invitations",
        "retrieve": "tenancy.manage_invitations",
        "resend": "tenancy.manage_invitations",
        "withdraw": "tenancy.manage_invitations",
    }

    def get_queryset(self):
        return invitations_listed()

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        invitation = services.invitation_resend(invitation=self.get_object(), by=request.user)
        return Response(InvitationSerializer(invitation).data)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        invitation = services.invitation_withdraw(invitation=self.get_object(), by=request.user)
        return Response(InvitationSerializer(invitation).data)
