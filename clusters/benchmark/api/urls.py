from django.urls import path

from clusters.benchmark.api import views

urlpatterns = [
    path("benchmark/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path("clusters/<int:cluster_id>/benchmark/", views.ClusterBenchmarkView.as_view(), name="cluster-benchmark"),
]
