"""API of the decision: public notices of the proposed winners (read by anyone once published), objections (lodged by
anyone, rate-limited; read and handled by the ministry) and the published results (a promotion body reads its own
entries' results and breakdowns once the final result is published)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from evaluations.entries.api.views import CONFLICT
from evaluations.models import EvaluationRun, Objection, PublicNotice, Result
from evaluations.notice import feedback, selectors
from evaluations.notice import services as notice_services
from evaluations.runs.api.views import ResultScoresMixin
from tenancy.api.permissions import RulesPermission
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet, TenantReadOnlyViewSet
from tenancy.visibility import Viewer

# Serializers -----------------------------------------------------------------------------------------------------


class NoticeWinnerSerializer(serializers.Serializer):
    """A proposed winner as the public sees it: the cluster, its regions, the track, the rank and the total."""

    entry = serializers.IntegerField(source="submission_id")
    cluster = serializers.CharField(source="submission.cluster.name")
    cluster_en = serializers.CharField(source="submission.cluster.name_en")
    regions = serializers.SerializerMethodField()
    track = serializers.CharField(source="track.field_id")
    track_name = serializers.CharField(source="track.field.name")
    rank = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=9, decimal_places=4, min_value=0)
    designated = serializers.SerializerMethodField(
        help_text="Designated a national-level cluster by this notice's final result (the winners of a competition's "
        "last round, once the final result is published)."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, result):
        return [region.name for region in result.submission.cluster.regions.all()]

    def get_designated(self, result) -> bool:
        return result.submission.cluster_id in self.context.get("designated", ())


class NoticeSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="draft, open, closed or final (the stored status).")
    state = serializers.SerializerMethodField(
        help_text="The state now (draft, open, closed or final): an open notice past its period is closed."
    )
    competition = serializers.CharField(source="run.round.competition.name", read_only=True)
    round = serializers.CharField(source="run.round.name", read_only=True)
    winner_count = serializers.IntegerField(read_only=True)
    review_override_reason = serializers.CharField(
        source="run.review_override_reason",
        read_only=True,
        help_text="Not empty when the ranking was run with entries short of submitted reviews: the ministry's "
        "written reason.",
    )
    corrects = serializers.SerializerMethodField(
        help_text="The published notice whose result this notice corrects (null: not a correction)."
    )
    correction_reason = serializers.CharField(
        source="run.correction_reason", read_only=True, help_text="Why the corrected result was corrected."
    )
    corrected_by = serializers.IntegerField(
        source="corrected_by_id",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The newest notice (that the reader may read) drawn from a run correcting this notice's result.",
    )

    class Meta:
        model = PublicNotice
        fields = [
            "id",
            "run",
            "competition",
            "round",
            "title",
            "title_en",
            "body",
            "status",
            "state",
            "opens",
            "closes",
            "final_published_at",
            "winner_count",
            "review_override_reason",
            "corrects",
            "correction_reason",
            "corrected_by",
        ]
        read_only_fields = ["status", "opens", "closes", "final_published_at"]

    def get_state(self, notice) -> str:
        return notice_services.notice_state(notice)

    def get_corrects(self, notice) -> int | None:
        corrected = notice.run.correction_of
        return getattr(getattr(corrected, "notice", None), "pk", None) if corrected is not None else None


class NoticeDetailSerializer(NoticeSerializer):
    winners = serializers.SerializerMethodField()

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "winners"]

    @extend_schema_field(NoticeWinnerSerializer(many=True))
    def get_winners(self, notice):
        final = notice.status == PublicNotice.Status.FINAL
        designated = set(selectors.notice_designations(notice=notice)) if final else set()
        return NoticeWinnerSerializer(
            selectors.notice_winners(notice=notice), many=True, context={"designated": designated}
        ).data


class NoticeCreateSerializer(serializers.Serializer):
    run = serializers.PrimaryKeyRelatedField(queryset=EvaluationRun.objects.none())  # per request: __init__
    title = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = EvaluationRun.objects.all()  # the viewer's runs (scoped at request time)


class NoticeUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")


class NoticePublishSerializer(serializers.Serializer):
    days = serializers.IntegerField(
        min_value=1, max_value=notice_services.MAX_NOTICE_DAYS, default=notice_services.DEFAULT_NOTICE_DAYS
    )


class ObjectionLodgeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=200, help_text="A telephone number or an e-mail address.")
    submission = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The entry objected to: the id of a proposed winner's entry on the notice (optional).",
    )
    text = serializers.CharField(max_length=notice_services.OBJECTION_MAX_CHARS)


class ObjectionReceiptSerializer(serializers.ModelSerializer):
    """What the objector gets back: their own objection, never another's."""

    status = serializers.CharField(read_only=True, help_text="lodged or handled.")

    class Meta:
        model = Objection
        fields = ["id", "notice", "submission", "name", "contact", "text", "status", "created"]


class ObjectionSerializer(serializers.ModelSerializer):
    cluster = serializers.CharField(source="submission.cluster.name", default=None, read_only=True)
    handled_by = serializers.CharField(source="handled_by.username", default=None, read_only=True)
    status = serializers.CharField(read_only=True, help_text="lodged or handled.")

    class Meta:
        model = Objection
        fields = [
            "id",
            "notice",
            "submission",
            "cluster",
            "name",
            "contact",
            "text",
            "status",
            "handling",
            "answer",
            "handled_by",
            "handled_at",
            "created",
        ]


class ObjectionHandleSerializer(serializers.Serializer):
    handling = serializers.CharField(help_text="How the objection was handled.")
    answer = serializers.CharField(help_text="The answer given to the objector.")


class PublishedResultSerializer(ResultScoresMixin, serializers.ModelSerializer):
    breakdown = serializers.SerializerMethodField(
        help_text="Per criterion and per expert, raw and normalised; experts are numbered, never named, for anyone "
        "but the ministry."
    )
    cluster = serializers.CharField(source="submission.cluster.name", read_only=True)
    competition = serializers.CharField(source="run.round.competition.name", read_only=True)
    round = serializers.CharField(source="run.round.name", read_only=True)
    notice = serializers.IntegerField(source="run.notice.pk", read_only=True)
    track = serializers.CharField(source="track.field_id", read_only=True)
    last_round = serializers.BooleanField(
        read_only=True,
        help_text="The round is the competition's last: an advancing result is a winner, designated national-level.",
    )

    class Meta:
        model = Result
        fields = [
            "id",
            "submission",
            "cluster",
            "competition",
            "round",
            "notice",
            "track",
            "expert_score",
            "indicator_score",
            "total",
            "rank",
            "advanced",
            "last_round",
            "breakdown",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_breakdown(self, result):
        request = self.context.get("request")
        if request is not None and Viewer.for_user(request.user).reads_everything:
            return result.breakdown
        return notice_services.breakdown_for_entrant(result.breakdown)


class ExpertCommentSerializer(serializers.Serializer):
    expert = serializers.CharField(help_text='"Expert n" (专家n): numbered as in the breakdown, never named.')
    number = serializers.IntegerField()
    comments = serializers.CharField(help_text="The expert's written comments (empty when the expert wrote none).")


class PublishedResultDetailSerializer(PublishedResultSerializer):
    comments = serializers.SerializerMethodField(
        help_text="The written comments of the submitted reviews that counted in the result, for the entry's "
        "promotion body; null for anyone else."
    )

    class Meta(PublishedResultSerializer.Meta):
        fields = [*PublishedResultSerializer.Meta.fields, "comments"]

    @extend_schema_field(ExpertCommentSerializer(many=True, allow_null=True))
    def get_comments(self, result):
        request = self.context.get("request")
        if request is None or not request.user.has_perm("evaluations.read_result_comments", result):
            return None
        return ExpertCommentSerializer(feedback.result_comments(result=result), many=True).data


# Views -----------------------------------------------------------------------------------------------------------


RATE_LIMITED = OpenApiResponse(
    response=OpenApiTypes.OBJECT, description="Too many objections from this client: nothing was written."
)


class NoticeViewSet(HistoryMixin, TenantModelViewSet):
    """Public notices (公示) of the proposed winners. Anyone, anonymous visitors included, reads the published ones
    with their winners (cluster, regions, track, rank, total) and lodges an objection on an open one
    (`POST notices/{id}/objections/`, rate-limited: 429). The ministry's editors draft a notice from a succeeded
    evaluation run, edit the draft, publish it (`days`, 5 by default) and publish the final result once it has closed
    and every objection is handled."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_rules = {
        "create": "evaluations.add_publicnotice",
        "partial_update": "evaluations.change_publicnotice",
        "publish": "evaluations.change_publicnotice",
        "finalise": "evaluations.change_publicnotice",
        "history": "evaluations.view_notice_history",
        "objections": "evaluations.lodge_objection",
    }
    filterset_fields = ["status"]
    search_fields = ["title", "title_en"]
    ordering_fields = ["opens", "closes"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        if self.action == "objections":
            return [RulesPermission()]  # anyone, anonymous visitors included
        return [IsAuthenticated(), RulesPermission()]

    def get_queryset(self):
        return selectors.visible_notices()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return NoticeDetailSerializer
        return NoticeSerializer

    def _detail(self, notice):
        return NoticeDetailSerializer(self.get_queryset().get(pk=notice.pk), context=self.get_serializer_context()).data

    @extend_schema(request=NoticeCreateSerializer, responses={201: NoticeDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = NoticeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice = notice_services.notice_create(by=request.user, **serializer.validated_data)
        return Response(self._detail(notice), status=status.HTTP_201_CREATED)

    @extend_schema(request=NoticeUpdateSerializer, responses={200: NoticeDetailSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        notice = self.get_object()
        data = {"title": notice.title, "title_en": notice.title_en, "body": notice.body}
        data.update({key: request.data.get(key) for key in ("title", "title_en", "body") if key in request.data})
        serializer = NoticeUpdateSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        notice_services.notice_update(notice=notice, by=request.user, **serializer.validated_data)
        return Response(self._detail(notice))

    @extend_schema(request=NoticePublishSerializer, responses={200: NoticeDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft: it opens now and closes after `days` days (5 by default); the promotion bodies of the
        run's entries are notified."""
        notice = self.get_object()
        serializer = NoticePublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice_services.notice_publish(notice=notice, by=request.user, days=serializer.validated_data["days"])
        return Response(self._detail(notice))

    @extend_schema(request=None, responses={200: NoticeDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        """Publish the final result: refused (409) before the notice closes (`early`) and while an objection is not
        handled (`unhandled`)."""
        notice = self.get_object()
        notice_services.notice_finalise(notice=notice, by=request.user)
        return Response(self._detail(notice))

    @extend_schema(
        request=ObjectionLodgeSerializer,
        responses={201: ObjectionReceiptSerializer, 409: CONFLICT, 429: RATE_LIMITED},
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        """Lodge an objection against an open notice (anyone; refused with 409 `closed` outside the notice period and
        with 429 `rate_limited` when this client lodged too many in the last hour)."""
        notice = self.get_object()
        serializer = ObjectionLodgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objection = notice_services.objection_lodge_limited(
            notice=notice,
            address=notice_services.client_address(request),
            user=request.user,
            name=data["name"],
            contact=data["contact"],
            text=data["text"],
            submission=data.get("submission"),
        )
        return Response(ObjectionReceiptSerializer(objection).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(HistoryMixin, TenantReadOnlyViewSet):
    """Objections lodged against the notices: the ministry reads them and its editors record how each was handled
    and the answer (`POST objections/{id}/handle/`). Nobody else reads objections (403)."""

    serializer_class = ObjectionSerializer
    filterset_fields = ["notice", "status"]
    ordering_fields = ["created", "handled_at"]
    permission_rules = {
        "list": "evaluations.view_objections",
        "handle": "evaluations.handle_objection",
        "history": "evaluations.view_objections",
    }

    def get_queryset(self):
        return selectors.visible_objections()

    @extend_schema(request=ObjectionHandleSerializer, responses={200: ObjectionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        """Record how the objection was handled and the answer (both required); refused (409) once handled."""
        objection = self.get_object()
        serializer = ObjectionHandleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice_services.objection_handle(objection=objection, by=request.user, **serializer.validated_data)
        return Response(ObjectionSerializer(self.get_queryset().get(pk=objection.pk)).data)


class PublishedResultViewSet(TenantReadOnlyViewSet):
    """Results of the runs whose final result is published: a promotion body reads its own clusters' entries'
    results with their score breakdown (never a competitor's) and, on an entry's result (`published-results/{id}/`),
    its experts' written comments, experts numbered as in the breakdown and never named; a local government reads the
    results of the clusters in its jurisdiction, the ministry all."""

    serializer_class = PublishedResultSerializer
    filterset_fields = ["run", "track", "advanced"]
    ordering_fields = ["rank", "total"]

    def get_queryset(self):
        return selectors.published_results()

    def get_serializer_class(self):
        return PublishedResultDetailSerializer if self.action == "retrieve" else PublishedResultSerializer
