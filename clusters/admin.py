from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cluster, ClusterRegion, Indicator


class ClusterRegionInline(admin.TabularInline):
    model = ClusterRegion
    raw_id_fields = ["region"]
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "field", "tier", "stage", "promotion_body", "is_public"]
    list_filter = ["tier", "stage", "field", "is_public"]
    search_fields = ["name", "name_en"]
    raw_id_fields = ["promotion_body"]
    inlines = [ClusterRegionInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """The observation platform's catalogue; codes are stable (observations and the diagnostic refer to them)."""

    list_display = ["code", "name", "name_en", "category", "unit", "higher_is_better", "position"]
    list_filter = ["category", "higher_is_better"]
    search_fields = ["code", "name", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []
