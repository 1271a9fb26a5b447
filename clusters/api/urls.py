"""The clusters app's API: one URL module per concept."""

from django.urls import include, path

urlpatterns = [
    path("", include("clusters.profiles.api.urls")),
    path("", include("clusters.observations.api.urls")),
    path("", include("clusters.network.api.urls")),
    path("", include("clusters.imports.api.urls")),
    path("", include("clusters.members.api.urls")),
    path("", include("clusters.layout.api.urls")),
    path("", include("clusters.quality.api.urls")),
    path("", include("clusters.benchmark.api.urls")),
]
