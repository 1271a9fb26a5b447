"""API of bulk onboarding: POST a file (202 with the job), poll the job for status, counts and report, and commit a
clean dry run."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import TenantViewSetMixin

from ..models import OnboardingImport
from ..selectors import kinds_for, onboarding_imports
from ..services import onboarding_import_commit, onboarding_import_create
from .serializers import OnboardingImportCreateSerializer, OnboardingImportDetailSerializer, OnboardingImportSerializer


class OnboardingImportFilter(FilterSet):
    class Meta:
        model = OnboardingImport
        fields = ["kind", "status", "dry_run"]


class OnboardingImportViewSet(
    TenantViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, GenericViewSet
):
    """Bulk onboarding of organisations (the ministry's and a provincial government's administrators) and experts
    (the ministry's editors). The ministry sees every file; a province's administrators their organisation's files;
    anyone else gets 403 on the list and 404 on a file."""

    filterset_class = OnboardingImportFilter
    ordering_fields = ["created", "status"]
    search_fields = ["original_name"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    permission_rules = {"create": "tenancy.onboard", "commit": "tenancy.onboard", "list": "tenancy.onboard"}

    def get_queryset(self):
        return onboarding_imports()

    def get_serializer_class(self):
        if self.action == "create":
            return OnboardingImportCreateSerializer
        if self.action in ("retrieve", "commit"):
            return OnboardingImportDetailSerializer
        return OnboardingImportSerializer

    @extend_schema(
        request={"multipart/form-data": OnboardingImportCreateSerializer},
        responses={202: OnboardingImportSerializer},
        description="Upload a file; the job is queued and answered at once (202). Poll GET …/onboarding/{id}/.",
    )
    def create(self, request, *args, **kwargs):
        serializer = OnboardingImportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["kind"] not in dict(kinds_for(request.user)):
            raise PermissionDenied
        data = serializer.validated_data
        job = onboarding_import_create(
            kind=data["kind"],
            upload=data["file"],
            dry_run=data["dry_run"],
            send_invitations=data["send_invitations"],
            language=request.LANGUAGE_CODE,
            by=request.user,
        )
        return Response(OnboardingImportSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: OnboardingImportSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        """Import for real the file of a clean dry run (a new job on the same file); 409 for anything else."""
        commit = onboarding_import_commit(job=self.get_object(), by=request.user)
        return Response(OnboardingImportSerializer(commit).data, status=status.HTTP_202_ACCEPTED)
