from django.urls import path

from clusters.benchmark.views import benchmark_list, cluster_benchmark_page

urlpatterns = [
    path("benchmark/", benchmark_list, name="benchmark-list"),
    path("clusters/<int:pk>/benchmark/", cluster_benchmark_page, name="cluster-benchmark"),
]
