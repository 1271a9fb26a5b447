"""Benchmark pages: a cluster's standing against the national cohort, and the standing of every cluster the viewer
may see (a government's jurisdiction, a promotion body's own clusters, the ministry's all)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from clusters.benchmark.forms import read_benchmark_form
from clusters.benchmark.ranks import MIN_COHORT
from clusters.benchmark.selectors import axis_measures, cluster_benchmark, clusters_benchmark
from clusters.benchmark.tables import BENCHMARK_SORTS
from clusters.profiles.selectors import visible_clusters
from clusters.profiles.views import filter_choices, filter_clusters
from tenancy.paging import CappedPaginator

PAGE_SIZE = 25


def _may_benchmark(user):
    if not user.has_perm("clusters.view_benchmark"):
        raise PermissionDenied


@login_required
def cluster_benchmark_page(request, pk):
    cluster = get_object_or_404(visible_clusters(), pk=pk)
    _may_benchmark(request.user)
    form = read_benchmark_form(request.GET)
    benchmark = (
        cluster_benchmark(cluster=cluster, year=form.chosen_year, cohort=form.chosen_cohort)
        if form.is_valid()
        else None
    )
    return render(
        request,
        "clusters/benchmark/cluster_benchmark.html",
        {"cluster": cluster, "form": form, "benchmark": benchmark, "min_cohort": MIN_COHORT},
        status=200 if form.is_valid() else 400,
    )


def benchmark_shown(request):
    """(form, the filtered and sorted clusters, filters, sorting): what the list page shows a page of, and what its
    export holds in full; `benchmark_rows` gives their standings when the form is valid."""
    form = read_benchmark_form(request.GET, with_indicator=True)
    clusters, filters = filter_clusters(request, visible_clusters())
    sorting = BENCHMARK_SORTS.read(request)
    return form, sorting.apply(clusters), filters, sorting


def benchmark_rows(form, clusters):
    return clusters_benchmark(
        clusters=clusters, year=form.chosen_year, indicator=form.chosen_indicator, cohort=form.chosen_cohort
    )


@login_required
def benchmark_list(request):
    _may_benchmark(request.user)
    form, clusters, filters, sorting = benchmark_shown(request)
    number = request.GET.get("page")
    page = CappedPaginator(clusters, PAGE_SIZE, number=number).get_page(number)
    rows = benchmark_rows(form, page.object_list) if form.is_valid() else None
    context = {
        "form": form,
        "rows": rows,
        "page": page,
        "sorting": sorting,
        "axes": axis_measures(),
        "min_cohort": MIN_COHORT,
        **filters,
        **filter_choices(),
    }
    return render(request, "clusters/benchmark/benchmark_list.html", context, status=200 if form.is_valid() else 400)
