"""The data-quality page of a cluster: every consistency check with its threshold and what it found."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from clusters.profiles.selectors import visible_clusters
from clusters.quality.selectors import quality_report
from tenancy.filters import read_year


@login_required
def cluster_quality(request, pk):
    """Whoever may read the cluster's observations reads its checks; `?year=` narrows them to one year."""
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    year = read_year(request.GET.get("year"))
    return render(
        request,
        "clusters/quality/cluster_quality.html",
        {"cluster": cluster, "report": quality_report(cluster=cluster, year=year), "year": year},
    )
