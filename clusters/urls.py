from django.urls import include, path

from . import views

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
    path("", include("clusters.urls_imports")),
]
