"""Serializers of the expert review API (evaluations.review.api.views): the expert pool, declared conflicts,
assignments with the entry as its expert reads it, reviews, and the round's automatic assignment and progress."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.entries.api.serializers import choice_text
from evaluations.models import Assignment, ConflictDeclaration, Review, ReviewScore, Submission
from evaluations.review import services as review_services
from tenancy.models import ExpertProfile


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
    expert_username = serializers.CharField(source="expert.user.username", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    declared_by = serializers.CharField(source="declared_by.username", read_only=True, allow_null=True)

    class Meta:
        model = ConflictDeclaration
        fields = ["id", "expert", "expert_username", "cluster", "cluster_name", "reason", "declared_by", "created"]
        read_only_fields = fields


class ConflictInputSerializer(serializers.Serializer):
    expert = serializers.IntegerField(
        required=False, help_text="The expert's profile id (the ministry); an expert declares for themselves."
    )
    cluster = serializers.IntegerField(help_text="A cluster with an entry in review, or one of the public register.")
    reason = serializers.CharField(max_length=200)


class AssignmentSerializer(serializers.ModelSerializer):
    """An assignment row (lists): no nested rows, so a page costs the same whatever its length."""

    competition = serializers.IntegerField(source="submission.round.competition_id", read_only=True)
    round = serializers.IntegerField(source="submission.round_id", read_only=True)
    cluster_name = serializers.CharField(source="submission.cluster.name", read_only=True)
    track = serializers.CharField(source="submission.track.field_id", read_only=True)
    promotion_body = serializers.SerializerMethodField()
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

    def get_promotion_body(self, assignment) -> str:
        if assignment.submission.round.blind_review:
            return review_services.hidden_text()
        return assignment.submission.cluster.promotion_body.display_name

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


class AssignedEntrySerializer(serializers.Serializer):
    """The entry as its assigned expert reads it; a blind review replaces names with "hidden for blind review"."""

    blind_review = serializers.BooleanField()
    promotion_body = serializers.CharField()
    members = serializers.ListField(child=serializers.CharField(), help_text="The first 20 member names.")
    member_count = serializers.IntegerField()
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True))


class AssignmentDetailSerializer(AssignmentSerializer):
    entry = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "entry", "criteria"]
        read_only_fields = fields

    @extend_schema_field(AssignedEntrySerializer)
    def get_entry(self, assignment):
        return AssignedEntrySerializer(review_services.entry_for_expert(submission=assignment.submission)).data

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
    cluster_name = serializers.CharField(source="assignment.submission.cluster.name", read_only=True)
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
            "cluster_name",
            "expert",
            "expert_username",
            "status",
            "comments",
            "scores",
            "submitted_at",
            "updated",
        ]
        read_only_fields = fields


class ReviewInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True),
        help_text='Expert criterion id → score within [0, its max_score], e.g. {"12": 85.5}.',
    )
    comments = serializers.CharField(max_length=10000, allow_blank=True, required=False, default="")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit (every criterion scored); otherwise saved as a draft."
    )


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
