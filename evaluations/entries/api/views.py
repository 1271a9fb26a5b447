"""API of the entries: entries with their drafts, claimed values and evidence, submission, endorsement, return,
the formal check (eligible or ineligible), withdrawal, carry-over into the next round, versions and trail."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from clusters.observations.services import EVIDENCE_TYPES
from evaluations.competitions.api.views import CONFLICT
from evaluations.entries import lifecycle, selectors, services
from evaluations.entries.api.serializers import (
    ClaimedValueSerializer,
    ClaimInputSerializer,
    DecisionSerializer,
    DraftSerializer,
    EntryCreateSerializer,
    EntryDetailSerializer,
    EntrySerializer,
    EntryVersionSerializer,
    EventSerializer,
    IneligibleSerializer,
    ReturnSerializer,
    SubmitSerializer,
    WithdrawSerializer,
)
from evaluations.models import ClaimedValue, Criterion, Submission
from evaluations.review import selectors as review_selectors
from evaluations.review.api.serializers import ReviewChangeSerializer
from evaluations.review.blind import evidence_name_for
from tenancy.api.filters import FilterSet
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet
from tenancy.uploads import download_response
from tenancy.visibility import Viewer

# Entries -----------------------------------------------------------------------------------------------------------


class EntryFilter(FilterSet):
    competition = filters.NumberFilter(field_name="round__competition")
    track = filters.CharFilter(field_name="track__field", label="industry field code")
    to_endorse = filters.BooleanFilter(method="filter_to_endorse", label="waiting for my government's decision")

    class Meta:
        model = Submission
        fields = ["competition", "round", "cluster", "status", "track", "to_endorse"]

    def filter_to_endorse(self, queryset, name, value):
        from evaluations.models import Endorsement

        viewer = Viewer.for_user(self.request.user)
        pending = Endorsement.objects.filter(
            organisation_id=viewer.organisation_id, decision=Endorsement.Decision.PENDING
        ).values("submission_id")
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)


class EntryViewSet(HistoryMixin, TenantModelViewSet):
    """Competition entries. A promotion body reads and writes its own clusters' entries (never a competitor's);
    the ministry reads every submitted entry; a local government reads the submitted entries of clusters in its
    jurisdiction and endorses or returns those waiting for its decision. `PATCH` saves draft sections
    (with the revision the text was edited from); claimed values and evidence go to `claims/`. A new entry (`POST`)
    is for the competition's first round only, and only for a cluster the competition admits; a later round's entry
    is carried over (`carry-over/`) from the cluster's entry that advanced."""

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
        "ineligible": "evaluations.decide_submission",
        "withdraw": "evaluations.withdraw_submission",
        "carry_over": "evaluations.carry_over_submission",
        "history": "evaluations.view_submission_history",
        "review_changes": "evaluations.view_review_changes",
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
        submission = services.submission_create(
            round=serializer.validated_data["round"], cluster=cluster, by=request.user
        )
        return self._detail(submission, status.HTTP_201_CREATED)

    @extend_schema(request=DraftSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        submission = self.get_object()
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.submission_save_draft(
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
        services.submission_submit(
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
        services.submission_endorse(
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
        services.submission_return(
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
        services.submission_mark_eligible(
            submission=submission,
            comment=serializer.validated_data["comment"],
            by=request.user,
        )
        return self._detail(submission)

    @extend_schema(request=IneligibleSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def ineligible(self, request, pk=None):
        """The ministry's formal check refuses an endorsed entry (形式审查不通过), with the reason."""
        submission = self.get_object()
        serializer = IneligibleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.submission_mark_ineligible(
            submission=submission, reason=serializer.validated_data["reason"], by=request.user
        )
        return self._detail(submission)

    @extend_schema(request=WithdrawSerializer, responses={200: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The promotion body withdraws its entry, before the round's submission deadline (a reason is optional)."""
        submission = self.get_object()
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.submission_withdraw(
            submission=submission, reason=serializer.validated_data["reason"], by=request.user
        )
        return self._detail(submission)

    @extend_schema(request=None, responses={201: EntryDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="carry-over", url_name="carry-over")
    def carry_over(self, request, pk=None):
        """Start the cluster's entry in the next round from this entry, which advanced: answers the new entry (a
        draft with this entry's sections and the claimed values both rubrics ask for)."""
        submission = self.get_object()
        entry = lifecycle.submission_carry_over(submission=submission, by=request.user)
        return self._detail(entry, status.HTTP_201_CREATED)

    @extend_schema(responses=ReviewChangeSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="review-changes", filter_backends=[])
    def review_changes(self, request, pk=None):
        """Every change of the scores and comments of the entry's reviews, newest save first: who, when, which
        expert and criterion, old and new. The ministry's only (403 for anyone else who reads the entry)."""
        submission = self.get_object()
        page = self.paginate_queryset(review_selectors.review_changes(submission=submission))
        return self.get_paginated_response(ReviewChangeSerializer(page, many=True).data)

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
            raise exceptions.ValidationError({"criterion": [_("Choose an indicator criterion of the entry's round.")]})
        claimed = services.claimed_value_set(
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
        description="An evidence file of the entry, as an attachment; 404 for anyone who may not see the entry. An "
        "expert of a blind round gets it under a neutral name (`A-0007-evidence-2.pdf`: the entry's code and the "
        "claim's number); the file's contents are served as uploaded.",
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
        claimed.submission = submission
        return evidence_response(claimed, request.user)


def evidence_response(claimed, user):
    """The claimed value's evidence file as a download, with the type checked at upload; an expert of a blind round
    gets it under a neutral name ("A-0007-evidence-2.pdf")."""
    return download_response(
        claimed.evidence,
        filename=evidence_name_for(claimed, user),
        content_type=claimed.evidence_type or "application/octet-stream",
    )
