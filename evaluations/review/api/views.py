"""API of the expert review: the expert pool and its eligibility check, declared conflicts of interest, assignments
(manual override, removal, recusal, the automatic assignment of a round and its progress) and reviews.

Who reads what (DESIGN §2): the ministry reads everything; an expert reads their own profile, conflicts,
assignments and reviews, and never another expert's review; everyone else sees none of it (empty lists, 404).
A refusal by a window or a conflict answers 409 with `error.code` window, conflict, ineligible or
invalid_transition."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from evaluations.models import Assignment, ConflictDeclaration, Review, Round, Submission
from evaluations.review import blind, selectors
from evaluations.review import services as review_services
from evaluations.review.api.serializers import (
    AssignmentDetailSerializer,
    AssignmentInputSerializer,
    AssignmentSerializer,
    AutoAssignResultSerializer,
    ConflictDeclarationSerializer,
    ConflictInputSerializer,
    EligibilityInputSerializer,
    ExpertPoolSerializer,
    RecusalInputSerializer,
    ReviewChangeSerializer,
    ReviewInputSerializer,
    ReviewProgressSerializer,
    ReviewSerializer,
)
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryEntrySerializer, HistoryMixin, TenantViewSetMixin
from tenancy.history import history_entries
from tenancy.models import ExpertProfile
from tenancy.visibility import Viewer

REFUSED = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Refused: `error.code` is window (outside the review window), conflict (the expert is conflicted "
    "with the entry's cluster), ineligible or invalid_transition; `error.message` says why. Nothing was changed.",
)


# Viewsets ------------------------------------------------------------------------------------------------------------


class EntryHistoryMixin(HistoryMixin):
    """GET …/{id}/history/ of an object of an entry (an assignment, a review), masked where the reader may not read
    the names behind the entry (an expert in a blind round)."""

    def submission_of(self, obj):
        raise NotImplementedError

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        obj = self.get_object()
        entries = blind.history_for(request.user, self.submission_of(obj), history_entries(obj))
        return Response(HistoryEntrySerializer(entries, many=True).data)


class ExpertPoolFilter(FilterSet):
    field = filters.CharFilter(field_name="fields__code", label="industry field code")
    region = filters.CharFilter(method="filter_region", label="region code (the region and every region below it)")

    class Meta:
        model = ExpertProfile
        fields = ["is_eligible", "field", "region"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value.rstrip("0") or value)


class ExpertPoolViewSet(HistoryMixin, TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The ministry's expert pool with the eligibility check (`POST …/eligibility/`). An expert reads only their own
    profile; nobody else reads any."""

    serializer_class = ExpertPoolSerializer
    filterset_class = ExpertPoolFilter
    search_fields = ["user__username", "user__first_name", "user__last_name", "affiliation"]
    ordering_fields = ["user__username", "affiliation"]
    permission_rules = {"eligibility": "evaluations.manage_experts"}

    def get_queryset(self):
        return selectors.expert_pool()

    @extend_schema(request=EligibilityInputSerializer, responses=ExpertPoolSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def eligibility(self, request, pk=None):
        expert = self.get_object()
        serializer = EligibilityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_services.expert_set_eligibility(
            expert=expert,
            eligible=serializer.validated_data["is_eligible"],
            by=request.user,
        )
        return Response(ExpertPoolSerializer(selectors.expert_pool().get(pk=expert.pk)).data)


class ConflictFilter(FilterSet):
    cluster = filters.NumberFilter(method="filter_cluster", label="cluster id")

    class Meta:
        model = ConflictDeclaration
        fields = ["expert", "cluster"]

    def filter_cluster(self, queryset, name, value):
        """An expert cannot find, by a cluster's id, a conflict shown to them by a blind-round entry's code."""
        queryset = queryset.filter(cluster_id=value)
        if Viewer.for_user(self.request.user).is_expert:
            queryset = queryset.exclude(cluster_id__in=list(selectors.blind_entries_by_cluster(self.request.user)))
        return queryset


class ConflictViewSet(
    HistoryMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Declared conflicts of interest. An expert declares their own (and reads only those); the ministry declares
    any expert's, reads all and withdraws one. A declaration recuses the expert's open assignments to the
    cluster's entries."""

    serializer_class = ConflictDeclarationSerializer
    filterset_class = ConflictFilter
    permission_rules = {"create": "evaluations.declare_conflict", "destroy": "evaluations.withdraw_conflict"}

    def get_queryset(self):
        return selectors.visible_conflicts()

    @extend_schema(request=ConflictInputSerializer, responses={201: ConflictDeclarationSerializer})
    def create(self, request):
        serializer = ConflictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        viewer = Viewer.for_user(request.user)
        if viewer.is_expert:
            expert = selectors.expert_profile_of(request.user)
        else:
            expert = ExpertProfile.objects.filter(pk=data.get("expert")).first()
            if expert is None:
                raise ValidationError({"expert": [_("Choose an expert of the pool.")]})
        if "submission" in data:
            entries = selectors.declarable_entries(request.user) if viewer.is_expert else Submission.objects.all()
            entry = entries.filter(pk=data["submission"]).first()
            if entry is None:
                raise ValidationError({"submission": [_("Choose an entry assigned to you.")]})
            cluster = entry.cluster
        else:
            cluster = selectors.declarable_clusters(named_only=viewer.is_expert).filter(pk=data["cluster"]).first()
            if cluster is None:
                raise ValidationError({"cluster": [_("Choose a cluster with an entry in review or a public one.")]})
        declaration = review_services.conflict_declare(
            expert=expert, cluster=cluster, reason=data["reason"], by=request.user
        )
        fresh = selectors.visible_conflicts().get(pk=declaration.pk)
        return Response(
            ConflictDeclarationSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def destroy(self, request, pk=None):
        declaration = self.get_object()
        review_services.conflict_withdraw(declaration=declaration, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignmentFilter(FilterSet):
    round = filters.NumberFilter(field_name="submission__round", label="round id")

    class Meta:
        model = Assignment
        fields = ["round", "submission", "expert", "status"]


class AssignmentViewSet(
    EntryHistoryMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Assignments of experts to entries. An expert reads their own (the detail holds the entry as they may read
    it and the criteria to score), recuses (`recuse/`) and writes the review (`PUT review/`, within the round's
    review window). The ministry reads all, adds an expert by hand (`POST`, refused for a conflict) and removes an
    assignment (`DELETE`)."""

    filterset_class = AssignmentFilter
    ordering_fields = ["created", "status"]
    permission_rules = {
        "create": "evaluations.assign_experts",
        "destroy": "evaluations.assign_experts",
        "recuse": "evaluations.recuse_assignment",
        "review": "evaluations.review_assignment",
    }
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    @property
    def search_fields(self):
        """The ministry searches by cluster and expert; an expert not at all (a cluster's name would find the entry
        of a blind round)."""
        if Viewer.for_user(self.request.user).is_expert:
            return []
        return ["submission__cluster__name", "expert__user__username"]

    def get_queryset(self):
        return selectors.visible_assignments()

    def get_serializer_class(self):
        return AssignmentSerializer if self.action == "list" else AssignmentDetailSerializer

    def submission_of(self, assignment):
        return assignment.submission

    def check_object_permissions(self, request, obj):
        if self.action == "review" and request.method == "GET":
            return  # reading the review needs only the assignment
        super().check_object_permissions(request, obj)

    def _detail(self, assignment, status_code=status.HTTP_200_OK):
        fresh = selectors.visible_assignments().get(pk=assignment.pk)
        return Response(
            AssignmentDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(request=AssignmentInputSerializer, responses={201: AssignmentDetailSerializer, 409: REFUSED})
    def create(self, request):
        serializer = AssignmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = Submission.objects.filter(pk=serializer.validated_data["submission"]).first()
        if submission is None:
            raise ValidationError({"submission": [_("Choose an entry you can see.")]})
        expert = ExpertProfile.objects.filter(pk=serializer.validated_data["expert"]).first()
        if expert is None:
            raise ValidationError({"expert": [_("Choose an expert of the pool.")]})
        assignment = review_services.assignment_add(submission=submission, expert=expert, by=request.user)
        return self._detail(assignment, status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, 409: REFUSED})
    def destroy(self, request, pk=None):
        assignment = self.get_object()
        review_services.assignment_remove(assignment=assignment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=RecusalInputSerializer, responses={200: AssignmentDetailSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], filter_backends=[])
    def recuse(self, request, pk=None):
        assignment = self.get_object()
        serializer = RecusalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_services.assignment_recuse(
            assignment=assignment,
            reason=serializer.validated_data["reason"],
            by=request.user,
        )
        return self._detail(assignment)

    @extend_schema(
        methods=["GET"],
        responses={200: ReviewSerializer, 404: OpenApiResponse(description="No review yet, or not visible.")},
    )
    @extend_schema(methods=["PUT"], request=ReviewInputSerializer, responses={200: ReviewSerializer, 409: REFUSED})
    @action(detail=True, methods=["get", "put"], filter_backends=[], pagination_class=None)
    def review(self, request, pk=None):
        """The assignment's review. `PUT` saves it (draft) or submits it (`submit: true`); scores outside [0, max]
        or of another round's criteria are field errors (`score_<criterion id>`)."""
        assignment = self.get_object()
        if request.method == "PUT":
            serializer = ReviewInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            review_services.review_save(
                assignment=assignment,
                scores=data["scores"],
                comments=data.get("comments", ""),
                submit=data.get("submit", False),
                by=request.user,
            )
        review = get_object_or_404(selectors.visible_reviews(), assignment=assignment)
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data)


class ReviewFilter(FilterSet):
    submission = filters.NumberFilter(field_name="assignment__submission", label="entry id")
    round = filters.NumberFilter(field_name="assignment__submission__round", label="round id")
    expert = filters.NumberFilter(field_name="assignment__expert", label="expert profile id")

    class Meta:
        model = Review
        fields = ["submission", "round", "expert", "status"]


class ReviewViewSet(EntryHistoryMixin, TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews with their scores: an expert reads only their own (never another expert's, even after the window
    closes); the ministry reads all, and `…/{id}/changes/`, the trail of every score and comment change."""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["updated", "submitted_at"]
    permission_rules = {"changes": "evaluations.view_review_changes"}

    def get_queryset(self):
        return selectors.visible_reviews()

    @extend_schema(responses=ReviewChangeSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def changes(self, request, pk=None):
        """Every change of the review's scores and comments, newest save first (within a save, the rubric's order,
        then the comments): who, when, which criterion, old and new. The ministry's only: an expert gets 403 even
        on their own review."""
        review = self.get_object()
        page = self.paginate_queryset(selectors.review_changes(review=review))
        return self.get_paginated_response(ReviewChangeSerializer(page, many=True).data)

    def submission_of(self, review):
        return review.assignment.submission


class RoundReviewViewSet(TenantViewSetMixin, viewsets.GenericViewSet):
    """The review side of a round: its automatic assignment and the review progress per entry (the ministry)."""

    permission_rules = {"auto_assign": "evaluations.assign_experts", "review_progress": "evaluations.view_expert_pool"}
    serializer_class = AutoAssignResultSerializer

    def get_queryset(self):
        return Round.objects.select_related("competition")

    @extend_schema(request=None, responses={200: AutoAssignResultSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], url_path="auto-assign", filter_backends=[])
    def auto_assign(self, request, pk=None):
        """Assign `experts_per_entry` eligible, unconflicted experts to every eligible entry, balancing the load;
        existing assignments are kept (run again after a recusal to replace the expert)."""
        round_ = self.get_object()
        result = review_services.assign_automatically(round=round_, by=request.user)
        return Response(AutoAssignResultSerializer(result).data)

    @extend_schema(responses=ReviewProgressSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="review-progress", filter_backends=[])
    def review_progress(self, request, pk=None):
        """Per entry: experts assigned (not recused) and reviews submitted."""
        round_ = self.get_object()
        rows = selectors.round_review_progress(round=round_)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReviewProgressSerializer(page, many=True).data)
