"""The clusters app's pages: one URL module per concept, in this order."""

from django.urls import include, path

urlpatterns = [
    path("", include("clusters.profiles.urls")),
    path("", include("clusters.network.urls")),
    path("", include("clusters.imports.urls")),
    path("", include("clusters.layout.urls")),
    path("", include("clusters.members.urls")),
    path("", include("clusters.observations.urls")),
    path("", include("clusters.quality.urls")),
    path("", include("clusters.benchmark.urls")),
]
