from django.urls import path

from clusters.network import views

urlpatterns = [
    path("clusters/<int:pk>/network/", views.cluster_network, name="cluster-network"),
    path("clusters/<int:pk>/network/run/", views.cluster_network_run, name="cluster-network-run"),
    path(
        "clusters/<int:pk>/network/<int:analysis_pk>/progress/",
        views.network_analysis_progress,
        name="network-analysis-progress",
    ),
    path(
        "clusters/<int:pk>/network/<int:analysis_pk>/graph.json",
        views.network_analysis_graph,
        name="network-analysis-graph",
    ),
]
