from django.urls import path

from clusters.quality.views import cluster_quality

urlpatterns = [
    path("clusters/<int:pk>/quality/", cluster_quality, name="cluster-quality"),
]
