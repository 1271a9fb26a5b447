"""The cluster list as an export (tenancy/exports): what /clusters/ shows for the same search and filters."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.profiles.selectors import visible_clusters
from clusters.profiles.tables import CLUSTER_SORTS
from clusters.profiles.views import filter_clusters
from tenancy.exports.registry import register_export


def cluster_sheets(request):
    clusters, _filters = filter_clusters(request, visible_clusters())
    clusters = CLUSTER_SORTS.read(request).apply(clusters).select_related("field").prefetch_related("regions")
    header = [_("Cluster"), _("English name"), _("Industry field"), _("Regions"), _("Tier"), _("Stage")]
    rows = (
        (
            cluster.name,
            cluster.name_en,
            cluster.field.display_name if cluster.field else "",
            "、".join(region.display_name for region in cluster.regions.all()),
            cluster.get_tier_display(),
            cluster.get_stage_display(),
        )
        for cluster in clusters
    )
    return [(_("Clusters"), header, rows)]


def register():
    register_export("clusters.clusters", gettext_lazy("Clusters"), cluster_sheets)
