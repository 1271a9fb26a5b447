from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from tenancy.history import history_entries
from tenancy.models import IndustryField

from .models import Cluster
from .selectors import visible_clusters

PAGE_SIZE = 25


@login_required
def cluster_list(request):
    clusters = visible_clusters()
    query = request.GET.get("q", "").strip()
    if query:
        clusters = clusters.filter(Q(name__icontains=query) | Q(name_en__icontains=query))
    tier = request.GET.get("tier", "")
    if tier in Cluster.Tier.values:
        clusters = clusters.filter(tier=tier)
    field = request.GET.get("field", "")
    if field:
        clusters = clusters.filter(field_id=field)
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/cluster_list.html",
        {
            "page": page,
            "query": query,
            "tier": tier,
            "field": field,
            "tiers": Cluster.Tier.choices,
            "fields": IndustryField.objects.all(),
        },
    )


@login_required
def cluster_detail(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    return render(request, "clusters/cluster_detail.html", {"cluster": cluster})


@login_required
def cluster_history(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    return render(
        request,
        "history.html",
        {"object": cluster, "entries": history_entries(cluster), "back_url": "cluster-detail", "back_pk": cluster.pk},
    )
