from django.urls import path, re_path

from exchange.links import views

urlpatterns = [
    path("cluster-links/", views.link_list, name="cluster-link-list"),
    path("cluster-links/new/", views.link_add, name="cluster-link-add"),
    path("cluster-links/<int:pk>/", views.link_detail, name="cluster-link-detail"),
    re_path(
        r"^cluster-links/(?P<pk>[0-9]+)/(?P<step>confirm|refuse|withdraw)/$", views.link_step, name="cluster-link-step"
    ),
    path("cluster-network/", views.network_page, name="cluster-network-page"),
    path("cluster-network/graph/", views.network_graph, name="cluster-network-graph"),
]
