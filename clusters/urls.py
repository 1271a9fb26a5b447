from django.urls import path

from . import network_views, views

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
    path("clusters/<int:pk>/network/", network_views.cluster_network, name="cluster-network"),
    path("clusters/<int:pk>/network/run/", network_views.cluster_network_run, name="cluster-network-run"),
    path(
        "clusters/<int:pk>/network/<int:analysis_pk>/progress/",
        network_views.network_analysis_progress,
        name="network-analysis-progress",
    ),
    path(
        "clusters/<int:pk>/network/<int:analysis_pk>/graph.json",
        network_views.network_analysis_graph,
        name="network-analysis-graph",
    ),
]
