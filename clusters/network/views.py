"""Pages of the network analysis: figures beside the drawing, run button with live progress, past runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clusters.members.services import last_completed_year
from clusters.models import ChainLink, NetworkAnalysis
from clusters.network import services
from clusters.network.selectors import GRAPH_MAX_NODES, member_figures, network_analyses, network_graph
from clusters.profiles.selectors import visible_clusters
from tenancy.filters import read_id, read_year

RUNS_PER_PAGE = 10
TOP_MEMBERS = 10


@login_required
def cluster_network(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    runs = network_analyses(cluster=cluster)
    chosen = read_id(request.GET.get("analysis"))
    if chosen:
        analysis = get_object_or_404(runs, pk=chosen)
    else:
        analysis = runs.filter(status=NetworkAnalysis.Status.SUCCEEDED).first()
    pending = runs.exclude(status__in=NetworkAnalysis.FINISHED).first()
    context = {
        "cluster": cluster,
        "analysis": analysis,
        "pending": pending,
        "runs": Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page")),
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
            aggregated=(analysis.nodes or 0) > GRAPH_MAX_NODES,
            coverage=[
                dict(link, segment_label=ChainLink.Segment(link["segment"]).label)
                for link in analysis.chain_link_coverage
            ],
        )
    return render(request, "clusters/network/page.html", context)


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
    response = render(
        request,
        "includes/job_progress.html",
        {"job": analysis, "status_url": reverse("network-analysis-progress", args=[pk, analysis.pk])},
    )
    if analysis.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the new figures
    return response


@login_required
def network_analysis_graph(request, pk, analysis_pk):
    analysis = _analysis(pk, analysis_pk)
    if analysis.status != NetworkAnalysis.Status.SUCCEEDED:
        return JsonResponse({"aggregated": False, "nodes": [], "edges": [], "chain_links": []})
    group = "chain_link" if request.GET.get("group") == "chain_link" else "community"
    return JsonResponse(network_graph(analysis=analysis, group=group))
