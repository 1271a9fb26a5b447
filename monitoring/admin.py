"""Admin of the monitoring app: read-only — methods are versioned through the platform, evaluations run through
its services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from monitoring.models import MonitoringEvaluation, MonitoringMethod, MonitoringResult


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MonitoringMethod)
class MonitoringMethodAdmin(ReadOnlyAdmin):
    list_display = ["version", "name", "is_current", "created"]


@admin.register(MonitoringEvaluation)
class MonitoringEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["year", "method", "trigger", "status", "progress", "created"]
    list_filter = ["year", "status", "trigger"]


@admin.register(MonitoringResult)
class MonitoringResultAdmin(ReadOnlyAdmin):
    list_display = ["cluster", "evaluation", "overall", "grade", "change", "recommendation"]
    list_filter = ["evaluation", "grade", "recommendation"]
    search_fields = ["cluster__name"]
