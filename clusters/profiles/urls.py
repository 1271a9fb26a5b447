from django.urls import path, re_path

from clusters.profiles import views

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/register/", views.cluster_register, name="cluster-register"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster-edit"),
    path("clusters/<int:pk>/tier/", views.cluster_tier, name="cluster-tier"),
    path("clusters/<int:pk>/governance/", views.cluster_governance, name="cluster-governance"),
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
]
