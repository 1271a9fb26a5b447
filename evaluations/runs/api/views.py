"""API of the evaluation runs (the ministry's): list and read runs, start one on a round (`POST
/api/v1/evaluation-runs/` with `{"round": id}`), and page through a run's results with their breakdowns."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluations.entries.api.serializers import VisibleRoundField, choice_text
from evaluations.models import EvaluationRun, Result
from evaluations.review import services as review_services
from evaluations.runs import selectors
from evaluations.runs import services as run_services
from tenancy.api.viewsets import TenantReadOnlyViewSet


class OutstandingExpertSerializer(serializers.Serializer):
    expert = serializers.IntegerField(help_text="The expert's profile id.")
    name = serializers.CharField()
    state = serializers.CharField(help_text="not_started, draft, or excluded (submitted, but conflicted now).")
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="An excluded review's conflicts: declared, region, affiliation."
    )


class OutstandingEntrySerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    cluster = serializers.CharField(allow_null=True, help_text="null in a blind round: entries go by number.")
    submitted = serializers.IntegerField(help_text="Submitted reviews that count.")
    required = serializers.IntegerField()
    experts = OutstandingExpertSerializer(many=True, help_text="Assigned experts whose review does not count yet.")
    unassigned = serializers.IntegerField(help_text="Experts still to assign to reach the minimum.")


class ExcludedReviewSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    entry = serializers.IntegerField()
    expert = serializers.IntegerField(help_text="The expert's profile id.")
    expert_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="declared, region, affiliation.")
    reason = serializers.SerializerMethodField(help_text="The reasons in words.")

    def get_reason(self, row) -> str:
        return "; ".join(review_services.conflict_reason_label(code) for code in row.get("reasons") or ())


class EvaluationRunSerializer(serializers.ModelSerializer):
    status = choice_text(EvaluationRun.Status.choices)
    created_by = serializers.StringRelatedField(read_only=True)
    results_url = serializers.SerializerMethodField()
    reviews_missing = OutstandingEntrySerializer(
        many=True, read_only=True, help_text="With an override: the entries short of reviews when the run started."
    )
    excluded_reviews = ExcludedReviewSerializer(
        many=True, read_only=True, help_text="Submitted reviews left out: the expert was conflicted at load time."
    )
    correction_of = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The run whose published result this run corrects (null: not a correction)."
    )
    corrections = serializers.SerializerMethodField(help_text="The runs that correct this run's published result.")
    notice = serializers.SerializerMethodField(help_text="The public notice drawn from this run, if any.")

    class Meta:
        model = EvaluationRun
        fields = [
            "id",
            "round",
            "status",
            "progress",
            "message",
            "digest",
            "summary",
            "review_override_reason",
            "reviews_missing",
            "excluded_reviews",
            "created_by",
            "created",
            "started",
            "finished",
            "results_url",
            "correction_of",
            "correction_reason",
            "corrections",
            "notice",
        ]
        read_only_fields = fields

    def get_corrections(self, run) -> list[int]:
        return [correction.pk for correction in run.corrections.all()]

    def get_notice(self, run) -> int | None:
        notice = getattr(run, "notice", None)
        return notice.pk if notice is not None else None

    def get_results_url(self, run) -> str:
        from django.urls import reverse

        return reverse("api:evaluation-run-results", args=[run.pk])


class EvaluationRunStartSerializer(serializers.Serializer):
    round = VisibleRoundField(help_text="The round to evaluate.")
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Only when entries lack the round's minimum of submitted reviews (409 reviews_missing otherwise): "
        "why the run goes ahead, at least 20 characters; stored with the run and printed on its result and on any "
        "public notice drawn from it.",
    )
    correction_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=run_services.CORRECTION_REASON_MAX_CHARS,
        help_text="Required once the round is frozen (a notice published from one of its runs): why the published "
        "result is corrected. The new run corrects it; refused (400) on a round that is not frozen.",
    )


class ResultScoresMixin(serializers.Serializer):
    """A result's scores as the schema states them: never negative (every criterion's score is clipped to
    [0, its maximum] before it is weighted, evaluations.runs.scoring step 4)."""

    expert_score = serializers.DecimalField(max_digits=9, decimal_places=4, min_value=0, read_only=True)
    indicator_score = serializers.DecimalField(max_digits=9, decimal_places=4, min_value=0, read_only=True)
    total = serializers.DecimalField(max_digits=9, decimal_places=4, min_value=0, read_only=True)


class EvaluationResultSerializer(ResultScoresMixin, serializers.ModelSerializer):
    cluster = serializers.IntegerField(source="submission.cluster_id", read_only=True)
    cluster_name = serializers.CharField(source="submission.cluster.name", read_only=True)
    track_field = serializers.CharField(source="track.field_id", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "submission",
            "cluster",
            "cluster_name",
            "track",
            "track_field",
            "rank",
            "expert_score",
            "indicator_score",
            "total",
            "advanced",
            "breakdown",
        ]
        read_only_fields = fields


class EvaluationRunViewSet(mixins.CreateModelMixin, TenantReadOnlyViewSet):
    """Evaluation runs, visible to the ministry. `POST` with a round records a run (queued) and queues it: the
    ministry's editors and admins only; a round without a complete rubric and rule or without an eligible entry is
    refused (409 not_ready); a run of the round already queued or running is returned instead of a second one.
    While an eligible entry lacks the round's minimum of submitted reviews that count, the start is refused (409
    reviews_missing, `error.details.entries` lists the entries and their outstanding experts) unless
    `override_reason` says why (a field error when shorter than 20 characters). A run lists the reviews it left
    out because the expert was conflicted when it read its inputs (`excluded_reviews`).
    a field error on `round`; a run of the round already queued or running is returned instead of a second one.
    Once a notice has been published from a run of the round (the round is frozen), a new run is a correction of
    that result and needs `correction_reason` (400 without it); `correction_of` then names the corrected run, whose
    `corrections` list the new one.
    `GET …/{id}/results/` pages through the run's results in ranking order per track, each with the breakdown
    that explains every number (per criterion and per expert: raw score, z, normalised, trimmed)."""

    serializer_class = EvaluationRunSerializer
    filterset_fields = ["round", "status"]
    ordering_fields = ["created"]
    permission_rules = {"create": "evaluations.run_evaluation"}

    def get_queryset(self):
        return selectors.visible_runs().prefetch_related(
            Prefetch("corrections", queryset=EvaluationRun.objects.only("pk", "correction_of").order_by("pk"))
        )

    @extend_schema(request=EvaluationRunStartSerializer, responses={201: EvaluationRunSerializer})
    def create(self, request, *args, **kwargs):
        serializer = EvaluationRunStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = run_services.run_start(
            round=serializer.validated_data["round"],
            by=request.user,
            override_reason=serializer.validated_data["override_reason"],
            correction_reason=serializer.validated_data.get("correction_reason", ""),
        )
        run = self.get_queryset().get(pk=run.pk)
        return Response(EvaluationRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EvaluationResultSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def results(self, request, pk=None):
        run = self.get_object()
        results = selectors.run_results(run=run).defer(None)
        page = self.paginate_queryset(results)
        return self.get_paginated_response(EvaluationResultSerializer(page, many=True).data)
