from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenancy.api.viewsets import HistoryMixin, TenantViewSetMixin
from tenancy.organisations import services as organisation_services
from tenancy.organisations.api.serializers import (
    OrganisationCreateSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
)
from tenancy.organisations.selectors import organisations_for


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
