"""Pages of the network analysis: figures beside the drawing, run button with live progress, past runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusters.members.services import last_completed_year
from clusters.models import ChainLink, NetworkAnalysis
from clusters.network import services
from clusters.network.drawing import (
    GRAPH_MAX_NODES,
    LARGE_NETWORK,
    default_view,
    network_graph,
    network_member_search,
    views_offered,
)
from clusters.network.selectors import member_figures, network_analyses
from clusters.network.tables import NETWORK_RUN_SORTS
from clusters.profiles.selectors import visible_clusters
from tenancy.filters import read_id, read_year
from tenancy.paging import CappedPaginator

RUNS_PER_PAGE = 10
TOP_MEMBERS = 10


def network_runs_shown(request, cluster):
    """The cluster's network analysis runs in the request's sort (every page; the export reads it too)."""
    return NETWORK_RUN_SORTS.read(request).apply(network_analyses(cluster=cluster))


@login_required
def cluster_network(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    runs = network_analyses(cluster=cluster)
    number = request.GET.get("page")
    chosen = read_id(request.GET.get("analysis"))
    if chosen:
        analysis = get_object_or_404(runs, pk=chosen)
    else:
        analysis = runs.filter(status=NetworkAnalysis.Status.SUCCEEDED).first()
    pending = runs.exclude(status__in=NetworkAnalysis.FINISHED).first()
    latest = runs.first()
    latest_outcome = latest if latest and latest.is_finished and latest != analysis else None
    context = {
        "cluster": cluster,
        "analysis": analysis,
        "pending": pending,
        # How the newest run ended, when the page shows another one (a failed run, or a success not yet opened).
        "latest_outcome": latest_outcome,
        "latest_outcome_url": _results_url(pk, latest_outcome) if latest_outcome else None,
        "runs": CappedPaginator(network_runs_shown(request, cluster), RUNS_PER_PAGE, number=number).get_page(number),
        "sorting": NETWORK_RUN_SORTS.read(request),
        "can_run": request.user.has_perm("clusters.run_network_analysis", cluster),
        "graph_max_nodes": GRAPH_MAX_NODES,
        "default_year": last_completed_year(),
    }
    if analysis is not None and analysis.status == NetworkAnalysis.Status.SUCCEEDED:
        figures = member_figures(analysis=analysis)
        context.update(
            top_betweenness=figures.order_by("-betweenness", "member_id")[:TOP_MEMBERS],
            top_pagerank=figures.order_by("-pagerank", "member_id")[:TOP_MEMBERS],
            single_points=figures.filter(is_articulation_point=True).order_by("-betweenness", "member_id")[:20],
            graph_views=views_offered(analysis),
            graph_view=default_view(analysis),
            large_network=LARGE_NETWORK,
            graph_labels=_graph_labels(),
            coverage=[
                dict(link, segment_label=ChainLink.Segment(link["segment"]).label)
                for link in analysis.chain_link_coverage
            ],
        )
    return render(request, "clusters/network/page.html", context)


def _graph_labels():
    """The words the drawing's script shows (it has no catalogue of its own)."""
    return {
        "community": _("community"),
        "other": _("other"),
        "none": _("no chain link"),
        "otherCommunities": _("smaller communities"),
        "legend": _("Colour: %(colour)s · size: %(size)s"),
        "found": _("%(name)s and its %(count)s neighbours are highlighted."),
        "foundIn": _("%(name)s is in “%(group)s”: the group and its %(count)s neighbouring groups are highlighted."),
        "noMatch": _("No member of this analysis has “%(text)s” in its name."),
        "edgesCut": _("The %(shown)s heaviest of %(total)s edges are drawn."),
    }


@login_required
@require_POST
def cluster_network_run(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    if not request.user.has_perm("clusters.run_network_analysis", cluster):
        raise PermissionDenied
    try:
        services.network_analysis_request(cluster=cluster, by=request.user, year=read_year(request.POST.get("year")))
    except ValidationError as exc:
        for message in exc.message_dict.get("year", exc.messages):
            messages.error(request, message)
    return redirect("cluster-network", pk=cluster.pk)


def _analysis(pk, analysis_pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    return get_object_or_404(network_analyses(cluster=cluster), pk=analysis_pk)


@login_required
def network_analysis_progress(request, pk, analysis_pk):
    analysis = _analysis(pk, analysis_pk)
    return render(
        request,
        "includes/job_progress.html",
        {
            "job": analysis,
            "status_url": reverse("network-analysis-progress", args=[pk, analysis.pk]),
            "result_url": _results_url(pk, analysis),
        },
    )


def _results_url(pk, analysis):
    """Where a finished run's figures are shown (a failed run has none: its message says why)."""
    if analysis.status != NetworkAnalysis.Status.SUCCEEDED:
        return None
    return f"{reverse('cluster-network', args=[pk])}?analysis={analysis.pk}"


@login_required
def network_analysis_graph(request, pk, analysis_pk):
    analysis = _analysis(pk, analysis_pk)
    """The drawing's elements in `?view=` (members, community, chain_link; default: the analysis's own), or with
    `?find=` the members whose name holds the text."""
    if analysis.status != NetworkAnalysis.Status.SUCCEEDED:
        return JsonResponse({"aggregated": False, "nodes": [], "edges": [], "chain_links": [], "matches": []})
    if "find" in request.GET:
        return JsonResponse({"matches": network_member_search(analysis=analysis, text=request.GET["find"])})
    view = request.GET.get("view") or request.GET.get("group")
    return JsonResponse(network_graph(analysis=analysis, view=view))
