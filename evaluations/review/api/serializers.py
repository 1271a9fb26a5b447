"""Serializers of the expert review API (evaluations.review.api.views): the expert pool, declared conflicts,
assignments with the entry as its expert reads it, reviews, and the round's automatic assignment and progress."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from evaluations.entries.api.serializers import ClaimCheckSerializer, choice_text
from evaluations.models import (
    Assignment,
    ClaimedValue,
    ConflictDeclaration,
    Review,
    ReviewChange,
    ReviewScore,
    Submission,
)
from evaluations.review import blind, selectors
from evaluations.review import services as review_services
from tenancy.models import ExpertProfile
from tenancy.visibility import Viewer

# Blind review: where the reader may not read the names behind an entry (an expert in a blind round; rule
# evaluations.read_entry_names) the answers carry the entry's neutral code and null in place of every name.

NAME_HIDDEN = "null where names are hidden from the reader (an expert in a blind round): see entry_code."
ENTRY_CODE = "The entry's neutral code (the round's letter and the entry's number), e.g. A-0007."


def _reader(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)  # no request: names hidden (fails closed)


def _shown(serializer, submission, value):
    return value if blind.shows_names(_reader(serializer), submission) else None


def _masked(serializer, submission, text, siblings):
    """`text` about the entry as the reader reads it; the maskers of the page's entries (`siblings`, a function of
    the page's rows) are built once per answer, in two queries."""
    if not text or blind.shows_names(_reader(serializer), submission):
        return text
    cache = serializer.context.setdefault("maskers", {})
    if submission.pk not in cache:
        rows = getattr(serializer.parent, "instance", None) or []
        wanted = {entry.pk: entry for entry in [submission, *siblings(rows)] if entry.pk not in cache}
        cache.update(blind.maskers_for(wanted.values()))
    return cache[submission.pk](text)


class ExpertPoolSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    fields = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    active_assignments = serializers.IntegerField(read_only=True)
    declared_conflicts = serializers.IntegerField(source="declared_conflict_count", read_only=True)

    class Meta:
        model = ExpertProfile
        fields = [
            "id",
            "username",
            "full_name",
            "affiliation",
            "region",
            "region_name",
            "fields",
            "is_eligible",
            "active_assignments",
            "declared_conflicts",
        ]
        read_only_fields = fields


class EligibilityInputSerializer(serializers.Serializer):
    is_eligible = serializers.BooleanField(help_text="The outcome of the ministry's eligibility check.")


class ConflictDeclarationSerializer(serializers.ModelSerializer):
    """A declared conflict. To an expert, a conflict with the cluster of a blind-round entry they were assigned
    names the entries by their codes (`entry_codes`), never the cluster (null), its reason masked."""

    expert_username = serializers.CharField(source="expert.user.username", read_only=True)
    cluster = serializers.SerializerMethodField()
    cluster_name = serializers.SerializerMethodField()
    entry_codes = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    declared_by = serializers.CharField(source="declared_by.username", read_only=True, allow_null=True)

    class Meta:
        model = ConflictDeclaration
        fields = [
            "id",
            "expert",
            "expert_username",
            "cluster",
            "cluster_name",
            "entry_codes",
            "reason",
            "declared_by",
            "created",
        ]
        read_only_fields = fields

    def _blind_entries(self, declaration):
        if "blind_entries" not in self.context:
            user = _reader(self)
            expert = user is not None and Viewer.for_user(user).is_expert
            self.context["blind_entries"] = selectors.blind_entries_by_cluster(user) if expert else {}
        return self.context["blind_entries"].get(declaration.cluster_id, [])

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text=NAME_HIDDEN))
    def get_cluster(self, declaration):
        return None if self._blind_entries(declaration) else declaration.cluster_id

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=NAME_HIDDEN))
    def get_cluster_name(self, declaration):
        return None if self._blind_entries(declaration) else declaration.cluster.name

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="For an expert: the codes of the blind-round entries of the cluster assigned to them.",
        )
    )
    def get_entry_codes(self, declaration):
        return [blind.entry_code(entry) for entry in self._blind_entries(declaration)]

    def get_reason(self, declaration) -> str:
        entries = self._blind_entries(declaration)
        if not entries:
            return declaration.reason

        def siblings(rows):
            return [linked[0] for row in rows if (linked := self._blind_entries(row))]

        return _masked(self, entries[0], declaration.reason, siblings)


class ConflictInputSerializer(serializers.Serializer):
    expert = serializers.IntegerField(
        required=False, help_text="The expert's profile id (the ministry); an expert declares for themselves."
    )
    cluster = serializers.IntegerField(
        required=False,
        help_text="A cluster with an entry in review, or one of the public register (not a cluster whose entries "
        "in review are all blind, for an expert). Give cluster or submission.",
    )
    submission = serializers.IntegerField(
        required=False,
        help_text="An entry (for an expert: one assigned to them): the conflict is with its cluster, which a blind "
        "round does not name to the expert. Give cluster or submission.",
    )
    reason = serializers.CharField(max_length=200)

    def validate(self, data):
        if ("cluster" in data) == ("submission" in data):
            raise ValidationError({"cluster": [_("Give either a cluster or an entry (submission).")]})
        return data


class AssignmentSerializer(serializers.ModelSerializer):
    """An assignment row (lists): no nested rows, so a page costs the same whatever its length."""

    competition = serializers.IntegerField(source="submission.round.competition_id", read_only=True)
    round = serializers.IntegerField(source="submission.round_id", read_only=True)
    entry_code = serializers.SerializerMethodField(help_text=ENTRY_CODE)
    cluster_name = serializers.SerializerMethodField()
    track = serializers.CharField(source="submission.track.field_id", read_only=True)
    promotion_body = serializers.SerializerMethodField()
    recusal_reason = serializers.SerializerMethodField()
    expert_username = serializers.CharField(source="expert.user.username", read_only=True)
    status = choice_text(Assignment.Status.choices)
    source = choice_text(Assignment.Source.choices)
    review_status = serializers.SerializerMethodField()
    review_opens = serializers.DateTimeField(source="submission.round.review_opens", read_only=True)
    review_closes = serializers.DateTimeField(source="submission.round.review_closes", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "submission",
            "competition",
            "round",
            "entry_code",
            "cluster_name",
            "track",
            "promotion_body",
            "expert",
            "expert_username",
            "status",
            "source",
            "recusal_reason",
            "review_status",
            "review_opens",
            "review_closes",
            "created",
        ]
        read_only_fields = fields

    def get_entry_code(self, assignment) -> str:
        return blind.entry_code(assignment.submission)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=NAME_HIDDEN))
    def get_cluster_name(self, assignment):
        return _shown(self, assignment.submission, assignment.submission.cluster.name)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=NAME_HIDDEN))
    def get_promotion_body(self, assignment):
        return _shown(self, assignment.submission, assignment.submission.cluster.promotion_body.display_name)

    def get_recusal_reason(self, assignment) -> str:
        def siblings(rows):
            return [row.submission for row in rows if row.recusal_reason]

        return _masked(self, assignment.submission, assignment.recusal_reason, siblings)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="draft, submitted, or null (none yet)"))
    def get_review_status(self, assignment):
        review = getattr(assignment, "review", None)
        return review.status if review is not None else None


class AssignedCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)


class AssignedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="claimed.pk")
    criterion = serializers.IntegerField(source="claimed.criterion_id")
    indicator = serializers.CharField(source="claimed.criterion.indicator.code")
    value = serializers.DecimalField(source="claimed.value", max_digits=20, decimal_places=4, coerce_to_string=False)
    note = serializers.CharField(help_text="Masked in a blind round, as the narrative is.")
    evidence_name = serializers.CharField(help_text="The uploaded name, or a neutral one (A-0007-evidence-2.pdf).")
    evidence_url = serializers.SerializerMethodField()
    check = ClaimCheckSerializer(
        allow_null=True, help_text="The claim against the cluster's verified value of the reference year (numbers)."
    )

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Download URL of the evidence file"))
    def get_evidence_url(self, row):
        claimed = row["claimed"]
        return reverse("api:entry-evidence", args=[claimed.submission_id, claimed.pk]) if claimed.evidence else None


class AssignedEntrySerializer(serializers.Serializer):
    """The entry as its assigned expert reads it. In a blind round (`names_hidden`) the entry is called by its code,
    the promotion body is null, the member names are an empty list, and the names of the cluster, the promotion
    body, its city and its members are masked in the narrative and the notes ("[member]"); evidence files carry
    neutral names."""

    blind_review = serializers.BooleanField()
    names_hidden = serializers.BooleanField()
    code = serializers.CharField(help_text=ENTRY_CODE)
    title = serializers.CharField(help_text="The cluster's name, or the entry's label (Entry A-0007).")
    promotion_body = serializers.CharField(allow_null=True, help_text=NAME_HIDDEN)
    members = serializers.ListField(child=serializers.CharField(), help_text="The first 20 member names (or none).")
    member_count = serializers.IntegerField()
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True))
    claimed_values = AssignedClaimSerializer(many=True)


class AssignmentDetailSerializer(AssignmentSerializer):
    entry = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "entry", "criteria"]
        read_only_fields = fields

    @extend_schema_field(AssignedEntrySerializer)
    def get_entry(self, assignment):
        submission = assignment.submission
        shown = blind.entry_for_expert(submission=submission, user=_reader(self))
        claims = ClaimedValue.objects.filter(submission=submission).select_related("criterion__indicator")
        claims = claims.order_by("criterion__position", "pk")
        shown["claimed_values"] = blind.claims_for_expert(submission=submission, claims=claims, shown=shown)
        return AssignedEntrySerializer(shown).data

    @extend_schema_field(AssignedCriterionSerializer(many=True))
    def get_criteria(self, assignment):
        """The expert criteria of the round, which the review scores."""
        return AssignedCriterionSerializer(review_services.expert_criteria(assignment.submission.round), many=True).data


class AssignmentInputSerializer(serializers.Serializer):
    submission = serializers.IntegerField(help_text="An eligible entry.")
    expert = serializers.IntegerField(help_text="An eligible expert's profile id.")


class RecusalInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class ReviewScoreSerializer(serializers.ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False, read_only=True)

    class Meta:
        model = ReviewScore
        fields = ["criterion", "criterion_name", "score"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    submission = serializers.IntegerField(source="assignment.submission_id", read_only=True)
    entry_code = serializers.SerializerMethodField(help_text=ENTRY_CODE)
    cluster_name = serializers.SerializerMethodField()
    expert = serializers.IntegerField(source="assignment.expert_id", read_only=True)
    expert_username = serializers.CharField(source="assignment.expert.user.username", read_only=True)
    status = choice_text(Review.Status.choices)
    scores = ReviewScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "assignment",
            "submission",
            "entry_code",
            "cluster_name",
            "expert",
            "expert_username",
            "status",
            "comments",
            "scores",
            "submitted_at",
            "conflict_flagged",
            "conflict_flag_reason",
            "conflict_flagged_at",
            "updated",
        ]
        read_only_fields = fields

    def get_entry_code(self, review) -> str:
        return blind.entry_code(review.assignment.submission)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=NAME_HIDDEN))
    def get_cluster_name(self, review):
        return _shown(self, review.assignment.submission, review.assignment.submission.cluster.name)


class ReviewInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=6,
            decimal_places=2,
            allow_null=True,
            min_value=0,
            error_messages={"min_value": _("A score cannot be negative.")},
        ),
        help_text='Expert criterion id → score within [0, its max_score], e.g. {"12": 85.5}.',
    )
    comments = serializers.CharField(max_length=10000, allow_blank=True, required=False, default="")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit (every criterion scored); otherwise saved as a draft."
    )

    def to_internal_value(self, data):
        # A score's error is named `score_<criterion id>`, as the service names the errors it finds (and the page).
        try:
            return super().to_internal_value(data)
        except ValidationError as exc:
            scores = exc.detail.pop("scores", None) if isinstance(exc.detail, dict) else None
            if isinstance(scores, dict):
                exc.detail.update({f"score_{key}": errors for key, errors in scores.items()})
            elif scores is not None:
                exc.detail["scores"] = scores
            raise


class UnfilledEntrySerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    cluster = serializers.CharField()
    assigned = serializers.IntegerField()
    missing = serializers.IntegerField()


class AutoAssignResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Assignments made by this run.")
    entries = serializers.IntegerField(help_text="Eligible entries of the round.")
    experts_per_entry = serializers.IntegerField()
    unfilled = UnfilledEntrySerializer(many=True, help_text="Entries that could not get experts_per_entry experts.")


class ReviewProgressSerializer(serializers.ModelSerializer):
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    track = serializers.CharField(source="track.field_id", read_only=True)
    status = choice_text(Submission.Status.choices)
    assigned = serializers.IntegerField(source="assigned_count", read_only=True)
    submitted = serializers.IntegerField(source="submitted_count", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "cluster", "cluster_name", "track", "status", "assigned", "submitted"]
        read_only_fields = fields


def plain(value) -> str | None:
    """A score as written, without trailing zeros or an exponent: 80.00 → "80", 85.50 → "85.5"."""
    return None if value is None else format(value.normalize(), "f")


class ReviewChangeSerializer(serializers.ModelSerializer):
    """One change of a review: a criterion's score (`field` score, old and new as exact decimal strings, null where
    there was or is no score) or the comments (`field` comments, old and new text)."""

    field = serializers.SerializerMethodField()
    criterion_name = serializers.CharField(source="criterion.display_name", read_only=True, default=None)
    expert_username = serializers.CharField(source="expert.user.username", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)
    old_score = serializers.SerializerMethodField()
    new_score = serializers.SerializerMethodField()

    class Meta:
        model = ReviewChange
        fields = [
            "id",
            "created",
            "actor",
            "review",
            "submission",
            "expert",
            "expert_username",
            "field",
            "criterion",
            "criterion_name",
            "old_score",
            "new_score",
            "old_comments",
            "new_comments",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["score", "comments"]))
    def get_field(self, change) -> str:
        return "comments" if change.is_comment else "score"

    @extend_schema_field(serializers.CharField(allow_null=True, help_text='e.g. "80" or "85.5"; null: no score'))
    def get_old_score(self, change):
        return plain(change.old_score)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text='e.g. "80" or "85.5"; null: no score'))
    def get_new_score(self, change):
        return plain(change.new_score)
