from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cluster, ClusterRegion


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
