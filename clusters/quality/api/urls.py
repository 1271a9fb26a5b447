from django.urls import path

from clusters.quality.api import views

urlpatterns = [
    path("clusters/<int:cluster_id>/quality/", views.ClusterQualityView.as_view(), name="cluster-quality"),
]
