from django.urls import path

from . import views, views_observations

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
]
urlpatterns += views_observations.urlpatterns
