"""Serializers of the entries API: entries, claimed values, endorsements, versions and the trail."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.competitions.api.serializers import VisibleClusterField, VisibleRoundField, choice_text
from evaluations.entries.evidence import evidence_max_bytes
from evaluations.entries.quality import claim_checks
from evaluations.models import (
    SECTION_KEYS,
    SECTION_MAX_CHARS,
    ClaimedValue,
    Endorsement,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
)

# What an entrant is told where they write for a round that may be reviewed blind (the round's `blind_review`).
BLIND_WARNING = (
    "In a round with blind_review, experts read the narrative and the notes with the names of the cluster, its "
    "promotion body, its city and its members masked, and download evidence files under neutral names "
    "(A-0007-evidence-2.pdf); the contents of the files are served as uploaded, so they must be anonymous by "
    "themselves."
)

# Entries -----------------------------------------------------------------------------------------------------------


class EntryCreateSerializer(serializers.Serializer):
    round = VisibleRoundField()
    cluster = VisibleClusterField()


class EntrySerializer(serializers.ModelSerializer):
    """An entry row (lists): no nested rows, so a page costs the same whatever its length."""

    competition = serializers.IntegerField(source="round.competition_id", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    track = serializers.CharField(source="track.field_id", read_only=True)
    status = choice_text(Submission.Status.choices)

    class Meta:
        model = Submission
        fields = [
            "id",
            "competition",
            "round",
            "cluster",
            "cluster_name",
            "track",
            "status",
            "carried_over_from",
            "revision",
            "submitted_at",
            "last_submitted_at",
            "updated",
        ]
        read_only_fields = fields


class ClaimCheckSerializer(serializers.Serializer):
    """The claim against the cluster's verified observation of the reference year (issue 13)."""

    year = serializers.IntegerField(help_text="The reference year: the competition's year − 1.")
    verified_value = serializers.DecimalField(
        source="verified",
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="The verified observation of the same indicator and year; null when there is none.",
    )
    difference = serializers.DecimalField(
        max_digits=24, decimal_places=4, coerce_to_string=False, allow_null=True, help_text="claimed − verified"
    )
    relative_difference = serializers.DecimalField(
        source="relative",
        max_digits=24,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="difference / verified (null when the verified value is 0 or missing).",
    )
    differs = serializers.BooleanField(
        help_text="Farther from the verified value than QUALITY_CLAIM_TOLERANCE (a share of it)."
    )


class ClaimedValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="criterion.indicator.code", read_only=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=False, read_only=True)
    evidence_url = serializers.SerializerMethodField()
    check = serializers.SerializerMethodField()

    class Meta:
        model = ClaimedValue
        fields = [
            "id",
            "criterion",
            "indicator",
            "value",
            "note",
            "evidence_name",
            "evidence_size",
            "evidence_type",
            "evidence_sha256",
            "evidence_url",
            "check",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(ClaimCheckSerializer(allow_null=True))
    def get_check(self, claimed):
        """The checks of the entry's claims, computed once per response (`claim_checks` in the context)."""
        checks = self.context.get("claim_checks")
        if checks is None:
            checks = claim_checks(submission=claimed.submission, claims=[claimed])
        found = checks.get(claimed.pk)
        return ClaimCheckSerializer(found).data if found is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Download URL of the evidence file"))
    def get_evidence_url(self, claimed):
        if not claimed.evidence:
            return None
        return reverse("api:entry-evidence", args=[claimed.submission_id, claimed.pk])


class EndorsementSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Endorsement
        fields = [
            "id",
            "version",
            "organisation",
            "organisation_name",
            "decision",
            "comment",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class EntryDetailSerializer(EntrySerializer):
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), read_only=True)
    claimed_values = serializers.SerializerMethodField()
    endorsements = serializers.SerializerMethodField()
    status_reason = serializers.CharField(
        read_only=True, help_text="Why the entry was declared ineligible (formal check failed) or withdrawn."
    )

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "status_reason", "sections", "claimed_values", "endorsements"]
        read_only_fields = fields

    @extend_schema_field(ClaimedValueSerializer(many=True))
    def get_claimed_values(self, submission):
        claims = list(submission.claimed_values.all())
        for claimed in claims:
            claimed.submission = submission
        context = {**self.context, "claim_checks": claim_checks(submission=submission, claims=claims)}
        return ClaimedValueSerializer(claims, many=True, context=context).data

    @extend_schema_field(EndorsementSerializer(many=True))
    def get_endorsements(self, submission):
        from evaluations.entries.selectors import submission_endorsements

        return EndorsementSerializer(submission_endorsements(submission=submission), many=True).data


class DraftSerializer(serializers.Serializer):
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=SECTION_MAX_CHARS, trim_whitespace=False),
        help_text="Sections to save, by key: "
        + ", ".join(SECTION_KEYS)
        + ". Others stay as they are. "
        + BLIND_WARNING,
    )
    revision = serializers.IntegerField(
        min_value=0, help_text="The revision the text was edited from; an older one is refused (409, code stale)."
    )


class SubmitSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=0, required=False, help_text="If given, refused (409, stale) unless it is the saved revision."
    )


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class IneligibleSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text="Why the entry fails the formal check (形式审查不通过).")


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000, help_text="Why (optional)."
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, help_text="What the promotion body should change.")


class ClaimInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="An indicator criterion of the entry's round.")
    value = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        min_value=0,
        error_messages={"min_value": _("The value cannot be negative.")},  # the service's wording, as on the page
    )
    note = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The source of the value; masked for the experts of a blind round, as the narrative is.",
    )
    evidence = serializers.FileField(
        required=False,
        allow_null=True,
        help_text=f"PDF, XLSX, DOCX, PNG or JPEG, at most {evidence_max_bytes() // 1024 // 1024} MB "
        "(setting COMPETITION_EVIDENCE_MAX_MB); send as multipart/form-data. " + BLIND_WARNING,
    )
    revision = serializers.IntegerField(min_value=0, required=False)


class EntryVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True)

    class Meta:
        model = SubmissionVersion
        fields = ["id", "number", "created", "created_by", "snapshot"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, allow_null=True)
    from_status = choice_text(Submission.Status.choices)
    to_status = choice_text(Submission.Status.choices)

    class Meta:
        model = SubmissionEvent
        fields = [
            "id",
            "created",
            "action",
            "from_status",
            "to_status",
            "actor",
            "organisation",
            "organisation_name",
            "comment",
            "version_number",
        ]
        read_only_fields = fields
