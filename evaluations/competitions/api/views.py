"""API of the competitions: competitions, rounds (with their rubric) and criteria; the refusal (409) and the
service call shared by the competition's API modules."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluations.competitions import selectors
from evaluations.competitions import services as competition_services
from evaluations.competitions.api.serializers import (
    CarryOverSerializer,
    CompetitionSerializer,
    CriterionSerializer,
    RoundSerializer,
    RubricSerializer,
)
from evaluations.entries.lifecycle import round_carry_over
from evaluations.models import Competition, Criterion, Dimension
from tenancy.api.filters import FilterSet
from tenancy.api.permissions import NOT_OFFERED
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet, TenantReadOnlyViewSet

CONFLICT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Refused by the object's state or a window: `error.code` is invalid_transition, frozen, window, "
    "stale or incomplete; for a new entry also not_admitted (the cluster's tier may not enter), quota_full (its "
    "province has no place left) or carry_over_only (a later round); for a carry-over not_advanced. "
    "`error.message` says why. Nothing was changed.",
)


# Competitions ------------------------------------------------------------------------------------------------------


class CompetitionFilter(FilterSet):
    track = filters.CharFilter(field_name="tracks__field", label="industry field code of a track")

    class Meta:
        model = Competition
        fields = ["year", "status", "track"]


class CompetitionViewSet(HistoryMixin, TenantModelViewSet):
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
        serializer.instance = competition_services.competition_create(
            year=data["year"],
            name=data["name"],
            name_en=data.get("name_en", ""),
            description=data.get("description", ""),
            endorsement_level=data.get("endorsement_level", Competition.EndorsementLevel.PROVINCE),
            entry_tiers=data.get("entry_tiers"),
            province_quota=data.get("province_quota"),
            province_quotas=data.get("province_quotas"),
            fields=data.get("fields", []),
            by=self.request.user,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = competition_services.competition_update(
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
        competition_services.competition_delete(competition=instance, by=self.request.user)

    @extend_schema(request=None, responses={200: CompetitionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        competition = self.get_object()
        competition_services.competition_publish(competition=competition, by=request.user)
        return Response(CompetitionSerializer(self.get_queryset().get(pk=competition.pk)).data)


# Rounds and criteria -----------------------------------------------------------------------------------------------


class RoundViewSet(HistoryMixin, TenantModelViewSet):
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
        "carry_over": "evaluations.carry_over_round",
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
        serializer.instance = competition_services.round_create(competition=competition, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("competition", None)
        serializer.instance = competition_services.round_update(round=serializer.instance, by=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(responses={204: None, 409: CONFLICT})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        competition_services.round_delete(round=instance, by=self.request.user)

    @extend_schema(request=RubricSerializer, responses={200: CriterionSerializer(many=True), 409: CONFLICT})
    @action(detail=True, methods=["put"], pagination_class=None, filter_backends=[])
    def rubric(self, request, pk=None):
        """Replace the round's rubric as a whole: refused with a field error unless the weights sum to exactly 100;
        refused (409) once an entry of the round has been submitted."""
        round_ = self.get_object()
        serializer = RubricSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        criteria = competition_services.rubric_replace(
            round=round_,
            criteria=[dict(item) for item in serializer.validated_data["criteria"]],
            by=request.user,
        )
        return Response(CriterionSerializer(criteria, many=True).data)

    @extend_schema(request=None, responses={200: CarryOverSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="carry-over", url_name="carry-over")
    def carry_over(self, request, pk=None):
        """Open a later round: every entry that advanced from the round before (in the run that counts: that of
        the round's latest published notice, else its latest succeeded run) is carried over into it, unless it
        already was. Refused (409) for a first round, after the round's deadline, or before any run has ranked the
        round before."""
        summary = round_carry_over(round=self.get_object(), by=request.user)
        return Response(CarryOverSerializer(summary).data)


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
