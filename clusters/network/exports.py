"""The past runs of a cluster's network analysis as an export (tenancy/exports), in the page's sort."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.network.views import network_runs_shown
from clusters.profiles.selectors import visible_clusters
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


def _cluster(request):
    return get_object_or_404(visible_clusters(), pk=request.target)  # 404 for a cluster the requester may not see


def network_run_sheets(request):
    cluster = _cluster(request)
    header = [
        _("Requested"),
        _("Year"),
        _("By"),
        _("Status"),
        _("Members"),
        _("Edges"),
        _("Density"),
        _("Communities"),
        _("Input digest"),
    ]
    rows = (
        (
            local_time(run.created),
            run.year,
            run.created_by.username if run.created_by else "",
            run.get_status_display(),
            run.nodes,
            run.edges,
            run.density,
            run.communities,
            run.digest,
        )
        for run in network_runs_shown(request, cluster)
    )
    return [(_("Network analysis runs"), header, rows)]


def register():
    register_export(
        "clusters.network_runs",
        gettext_lazy("Network analysis runs"),
        network_run_sheets,
        check=_cluster,
        needs_target=True,
    )
