"""The cluster list as an export (tenancy/exports): what /clusters/ shows for the same search and filters; and the
public register, for signed-in users (anonymous visitors read the page but own no export job)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.profiles.selectors import register_designation, visible_clusters
from clusters.profiles.tables import CLUSTER_SORTS
from clusters.profiles.views import filter_clusters, register_shown
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


def register_sheets(request):
    clusters, _filters, _sorting = register_shown(request)
    header = [
        _("Cluster"),
        _("English name"),
        _("Industry field"),
        _("Regions"),
        _("National since"),
        _("Designated by"),
    ]

    def designated(cluster):
        designation = register_designation(cluster)
        return designation["display_name"] if designation else ""

    rows = (
        (
            cluster.name,
            cluster.name_en,
            cluster.field.display_name if cluster.field else "",
            "、".join(region.display_name for region in cluster.regions.all()),
            cluster.national_since,
            designated(cluster),
        )
        for cluster in clusters.select_related("field").prefetch_related("regions")
    )
    return [(_("Public register of national-level clusters"), header, rows)]


def register():
    register_export("clusters.clusters", gettext_lazy("Clusters"), cluster_sheets)
    register_export("clusters.register", gettext_lazy("Public register of national-level clusters"), register_sheets)
