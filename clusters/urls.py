from django.urls import include, path, re_path

from clusters.members import views as member_views
from clusters.network import views as network_views
from clusters.observations import views as views_observations
from clusters.profiles import views

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster-edit"),
    path("clusters/<int:pk>/tier/", views.cluster_tier, name="cluster-tier"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
    path("clusters/<int:pk>/chain-links/add/", views.chain_link_edit, name="chain-link-add"),
    path("clusters/<int:pk>/chain-links/<int:link_pk>/edit/", views.chain_link_edit, name="chain-link-edit"),
    path("clusters/<int:pk>/milestones/add/", views.milestone_edit, name="milestone-add"),
    path("clusters/<int:pk>/milestones/<int:milestone_pk>/edit/", views.milestone_edit, name="milestone-edit"),
    re_path(
        r"^clusters/(?P<pk>[0-9]+)/(?P<kind>chain-link|milestone)/(?P<part_pk>[0-9]+)/delete/$",
        views.cluster_part_delete,
        name="cluster-part-delete",
    ),
    path("register/", views.register_list, name="register-list"),
    path("register/<int:pk>/", views.register_detail, name="register-detail"),
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
    path("", include("clusters.imports.urls")),
    path("", include("clusters.layout.views")),
    # Members and collaborations
    path("clusters/<int:pk>/members/", member_views.member_list, name="cluster-member-list"),
    path("clusters/<int:pk>/members/suggest/", member_views.member_suggest, name="cluster-member-suggest"),
    path("clusters/<int:pk>/members/add/", member_views.member_add, name="cluster-member-add"),
    path("clusters/<int:pk>/members/<int:member_pk>/", member_views.member_detail, name="cluster-member-detail"),
    path("clusters/<int:pk>/members/<int:member_pk>/edit/", member_views.member_edit, name="cluster-member-edit"),
    path("clusters/<int:pk>/members/<int:member_pk>/delete/", member_views.member_delete, name="cluster-member-delete"),
    path("clusters/<int:pk>/collaborations/", member_views.collaboration_list, name="cluster-collaboration-list"),
    path("clusters/<int:pk>/collaborations/add/", member_views.collaboration_add, name="cluster-collaboration-add"),
    path(
        "clusters/<int:pk>/collaborations/<int:collaboration_pk>/edit/",
        member_views.collaboration_edit,
        name="cluster-collaboration-edit",
    ),
    path(
        "clusters/<int:pk>/collaborations/<int:collaboration_pk>/delete/",
        member_views.collaboration_delete,
        name="cluster-collaboration-delete",
    ),
]
urlpatterns += views_observations.urlpatterns
