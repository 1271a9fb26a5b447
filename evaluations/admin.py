from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import Competition, Criterion, Round, Submission, SubmissionEvent, SubmissionVersion, Track


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    raw_id_fields = ["indicator"]


@admin.register(Competition)
class CompetitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "status", "endorsement_level"]
    list_filter = ["status", "year"]
    search_fields = ["name", "name_en"]
    inlines = [TrackInline]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "competition", "position", "submission_opens", "submission_closes", "advancement_rule"]
    list_filter = ["competition"]
    inlines = [CriterionInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = SubmissionVersion
    fields = ["number", "created", "created_by"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = SubmissionEvent
    fields = ["created", "action", "from_status", "to_status", "actor", "organisation", "comment"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    """Entries are written through the platform's pages and API (their services keep the trail); the admin reads."""

    list_display = ["cluster", "round", "status", "revision", "last_submitted_at"]
    list_filter = ["status", "round"]
    search_fields = ["cluster__name"]
    readonly_fields = [
        "round",
        "track",
        "cluster",
        "status",
        "sections",
        "revision",
        "submitted_at",
        "last_submitted_at",
        "created_by",
    ]
    inlines = [VersionInline, EventInline]

    def has_add_permission(self, request):
        return False


# Evaluation runs (runs part): read-only, runs are started from the pages or the API -------------------------------


from evaluations.models import EvaluationRun, Result  # noqa: E402 - kept in this part's block for an easy merge


class ResultInline(ReadOnlyInline):
    model = Result
    fields = ["track", "rank", "submission", "expert_score", "indicator_score", "total", "advanced"]
    readonly_fields = fields
    ordering = ["track", "rank"]


@admin.register(EvaluationRun)
class EvaluationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "round", "status", "progress", "digest", "created", "finished"]
    list_filter = ["status"]
    readonly_fields = ["round", "status", "progress", "message", "error", "digest", "summary", "parameters"]
    inlines = [ResultInline]

    def has_add_permission(self, request):
        return False
