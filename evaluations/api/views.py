"""API of the competitions: competitions (with tracks), rounds (with their rubric), criteria, and entries with
their drafts, claimed values and evidence, submission, endorsement, return, eligibility, versions and trail."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from clusters.observations import EVIDENCE_TYPES
from tenancy.api.filters import FilterSet
from tenancy.api.permissions import NOT_OFFERED
from tenancy.api.views import validation_error
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet, TenantReadOnlyViewSet
from tenancy.uploads import download_response
from tenancy.visibility import Viewer

from .. import selectors, services
from ..models import ClaimedValue, Competition, Criterion, Dimension, Submission
from .serializers import (
    ClaimedValueSerializer,
    ClaimInputSerializer,
    CompetitionSerializer,
    CriterionSerializer,
    DecisionSerializer,
    DraftSerializer,
    EntryCreateSerializer,
    EntryDetailSerializer,
    EntrySerializer,
    EntryVersionSerializer,
    EventSerializer,
    ReturnSerializer,
    RoundSerializer,
    RubricSerializer,
    SubmitSerializer,
)


class Refused(APIException):
    """A write the object's state or a window does not allow (409); `code` says which rule."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"
    default_detail = "Refused."


CONFLICT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Refused by the object's state or a window: `error.code` is invalid_transition, frozen, window, "
    "stale or incomplete, `error.message` says why. Nothing was changed.",
)


def refused(exc: services.EntryRefused):
    return Refused(detail=exc.message, code=exc.code)


class ServiceCallMixin:
    def call(self, function, **kwargs):
        try:
            return function(**kwargs)
        except DjangoValidationError as exc:
            raise validation_error(exc) from exc
        except services.EntryRefused as exc:
            raise refused(exc) from exc


# Competitions ------------------------------------------------------------------------------------------------------


class CompetitionFilter(FilterSet):
    track = filters.CharFilter(field_name="tracks__field", label="industry field code of a track")

    class Meta:
        model = Competition
        fields = ["year", "status", "track"]


class CompetitionViewSet(ServiceCallMixin, HistoryMixin, TenantModelViewSet):
    """Competitions with their tracks (industry fields). The ministry's editors write them and publish them;
    local governments and promotion bodies read published ones."""

    serializer_class = CompetitionSerializer
    filterset_class = CompetitionFilter
    search_fields = ["name", "name_en"]
    ordering_fields = ["year", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    permission_rules = {
        "create": "evaluations.add_competition",
        "partial_update": "evaluations.change_competition",
        "destroy": "evaluations.change_competition",
        "publish": "evaluations.change_competition",
    }

    def get_queryset(self):
        return Competition.objects.prefetch_related("fields", "rounds").order_by("-year", "name", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self.call(
            services.competition_create,
            year=data["year"],
            name=data["name"],
            name_en=data.get("name_en", ""),
            description=data.get("description", ""),
            endorsement_level=data.get("endorsement_level", Competition.EndorsementLevel.PROVINCE),
            fields=data.get("fields", []),
            by=self.request.user,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self.call(
            services.competition_update,
            competition=serializer.instance,
            fields=data.pop("fields", None),
            by=self.request.user,
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(responses={204: None, 409: CONFLICT})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        self.call(services.competition_delete, competition=instance, by=self.request.user)

    @extend_schema(request=None, responses={200: CompetitionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        competition = self.get_object()
        self.call(services.competition_publish, competition=competition, by=request.user)
        return Response(CompetitionSerializer(self.get_queryset().get(pk=competition.pk)).data)


# Rounds and criteria -----------------------------------------------------------------------------------------------


class RoundViewSet(ServiceCallMixin, HistoryMixin, TenantModelViewSet):
    """Rounds of the visible competitions, each with its windows, advancement rule and rubric. The ministry's
    editors write them; `PUT rounds/{id}/rubric/` replaces the rubric as a whole (weights sum to 100)."""

    serializer_class = RoundSerializer
    filterset_fields = ["competition"]
    ordering_fields = ["position", "submission_closes"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    permission_rules = {
        "create": "evaluations.change_competition",
        "update": NOT_OFFERED,
        "partial_update": "evaluations.change_competition",
        "destroy": "evaluations.change_competition",
        "rubric": "evaluations.change_competition",
    }

    def get_queryset(self):
        return selectors.round_for_detail().order_by("competition_id", "position", "pk")

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed("PUT")  # rounds change by PATCH; PUT is for the rubric action
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        competition = data.pop("competition")
        serializer.instance = self.call(services.round_create, competition=competition, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("competition", None)
        serializer.instance = self.call(services.round_update, round=serializer.instance, by=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(responses={204: None, 409: CONFLICT})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        self.call(services.round_delete, round=instance, by=self.request.user)

    @extend_schema(request=RubricSerializer, responses={200: CriterionSerializer(many=True), 409: CONFLICT})
    @action(detail=True, methods=["put"], pagination_class=None, filter_backends=[])
    def rubric(self, request, pk=None):
        """Replace the round's rubric as a whole: refused with a field error unless the weights sum to exactly 100;
        refused (409) once an entry of the round has been submitted."""
        round_ = self.get_object()
        serializer = RubricSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        criteria = self.call(
            services.rubric_replace,
            round=round_,
            criteria=[dict(item) for item in serializer.validated_data["criteria"]],
            by=request.user,
        )
        return Response(CriterionSerializer(criteria, many=True).data)


class CriterionFilter(FilterSet):
    competition = filters.NumberFilter(field_name="round__competition")
    dimension = filters.ChoiceFilter(choices=Dimension.choices)

    class Meta:
        model = Criterion
        fields = ["round", "competition", "kind", "dimension"]


class CriterionViewSet(HistoryMixin, TenantReadOnlyViewSet):
    """Rubric criteria of the visible rounds (written as a whole through `PUT rounds/{id}/rubric/`)."""

    serializer_class = CriterionSerializer
    filterset_class = CriterionFilter
    search_fields = ["name", "name_en"]

    def get_queryset(self):
        return selectors.visible_criteria()


# Entries -----------------------------------------------------------------------------------------------------------


class EntryFilter(FilterSet):
    competition = filters.NumberFilter(field_name="round__competition")
    track = filters.CharFilter(field_name="track__field", label="industry field code")
    to_endorse = filters.BooleanFilter(method="filter_to_endorse", label="waiting for my government's decision")

    class Meta:
        model = Submission
        fields = ["competition", "round", "cluster", "status", "track", "to_endorse"]

    def filter_to_endorse(self, queryset, name, value):
        from ..models import Endorsement

        viewer = Viewer.for_user(self.request.user)
        pending = Endorsement.objects.filter(
            organisation_id=viewer.organisation_id, decision=Endorsement.Decision.PENDING
        ).values("submission_id")
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)


class EntryViewSet(ServiceCallMixin, HistoryMixin, TenantModelViewSet):
    """Competition entries. A promotion body reads and writes its own clusters' entries (never a competitor's);
    the ministry reads every submitted entry; a local government reads the submitted entries of clusters in its
    jurisdiction and endorses or returns those waiting for its decision. `PATCH` saves draft sections
    (with the revision the text was edited from); claimed values and evidence go to `claims/`."""

    filterset_class = EntryFilter
    search_fields = ["cluster__name", "cluster__name_en"]
    ordering_fields = ["updated", "last_submitted_at", "cluster__name", "status"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_rules = {
        "create": "evaluations.add_submission",
        "partial_update": "evaluations.change_submission",
        "submit": "evaluations.change_submission",
        "claims": "evaluations.change_submission",
        "endorse": "evaluations.endorse_submission",
        "return_entry": "evaluations.endorse_submission",
        "eligible": "evaluations.decide_submission",
        "history": "evaluations.view_submission_history",
    }

    def get_queryset(self):
        if self.action in ("list", "retrieve") and Viewer.for_user(self.request.user).is_expert:
            # Experts read their assigned entries through assignments/{id}/review/, redacted in a blind review.
            return Submission.objects.none()
        if self.action == "list":
            return selectors.visible_submissions()
        return selectors.submission_for_detail()

    def get_serializer_class(self):
        return EntrySerializer if self.action == "list" else EntryDetailSerializer

    def _detail(self, submission, status_code=status.HTTP_200_OK):
        fresh = selectors.submission_for_detail().get(pk=submission.pk)
        return Response(EntryDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=EntryCreateSerializer, responses={201: EntryDetailSerializer, 409: CONFLICT})
    def create(self, request, *args, **kwargs):
        serializer = EntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cluster = serializer.validated_data["cluster"]
        if not request.user.has_perm("clusters.change_cluster", cluster):
            raise exceptions.PermissionDenied()
        submission = self.call(
            services.submission_create, round=serializer.validated_data["round"], cluster=cluster, by=request.user
        )
        return self._detail(submission, status.HTTP_201_CREATED)

    @extend_schema(request=DraftSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        submission = self.get_object()
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.call(
            services.submission_save_draft,
            submission=submission,
            sections=serializer.validated_data["sections"],
            revision=serializer.validated_data["revision"],
            by=request.user,
        )
        return self._detail(submission)

    @extend_schema(request=SubmitSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.call(
            services.submission_submit,
            submission=submission,
            revision=serializer.validated_data.get("revision"),
            by=request.user,
        )
        return self._detail(submission)

    @extend_schema(request=DecisionSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        submission = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.call(
            services.submission_endorse,
            submission=submission,
            comment=serializer.validated_data["comment"],
            by=request.user,
        )
        return self._detail(submission)

    @extend_schema(request=ReturnSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_entry(self, request, pk=None):
        submission = self.get_object()
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.call(
            services.submission_return,
            submission=submission,
            comment=serializer.validated_data["comment"],
            by=request.user,
        )
        return self._detail(submission)

    @extend_schema(request=DecisionSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def eligible(self, request, pk=None):
        submission = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.call(
            services.submission_mark_eligible,
            submission=submission,
            comment=serializer.validated_data["comment"],
            by=request.user,
        )
        return self._detail(submission)

    @extend_schema(request=ClaimInputSerializer, responses={200: ClaimedValueSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def claims(self, request, pk=None):
        """Claim a value for an indicator criterion of the entry's round, with its evidence file (multipart)."""
        submission = self.get_object()
        serializer = ClaimInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        criterion = Criterion.objects.filter(pk=data["criterion"], round_id=submission.round_id).first()
        if criterion is None:
            raise exceptions.ValidationError({"criterion": ["Choose an indicator criterion of the entry's round."]})
        claimed = self.call(
            services.claimed_value_set,
            submission=submission,
            criterion=criterion,
            value=data["value"],
            note=data.get("note", ""),
            evidence=data.get("evidence"),
            revision=data.get("revision"),
            by=request.user,
        )
        return Response(ClaimedValueSerializer(claimed).data)

    @extend_schema(responses=EntryVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request, pk=None):
        """The immutable versions the entry froze at each submission, newest first."""
        submission = self.get_object()
        return Response(EntryVersionSerializer(selectors.submission_versions(submission=submission), many=True).data)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def trail(self, request, pk=None):
        """Every transition and decision: who, when, from which status to which, with the comment."""
        submission = self.get_object()
        return Response(EventSerializer(selectors.submission_trail(submission=submission), many=True).data)

    @extend_schema(
        responses={
            (200, content_type): OpenApiTypes.BINARY for content_type in sorted({t[1] for t in EVIDENCE_TYPES.values()})
        },
        description="An evidence file of the entry, as an attachment; 404 for anyone who may not see the entry.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<claim_id>[0-9]+)",
        url_name="evidence",
        pagination_class=None,
        filter_backends=[],
    )
    def evidence(self, request, pk=None, claim_id=None):
        submission = self.get_object()
        claimed = get_object_or_404(ClaimedValue.objects.all(), pk=claim_id, submission=submission)
        return evidence_response(claimed)


def evidence_response(claimed):
    """The claimed value's evidence file as a download, with the type checked at upload."""
    return download_response(
        claimed.evidence,
        filename=claimed.evidence_name or "evidence",
        content_type=claimed.evidence_type or "application/octet-stream",
    )
