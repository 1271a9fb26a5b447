"""Serializers of the expert review's score trail (the ministry's)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import ReviewChange


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
