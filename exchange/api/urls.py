"""The exchange app's API: one URL module per concept."""

from django.urls import include, path

urlpatterns = [
    path("", include("exchange.enterprises.api.urls")),
    path("", include("exchange.links.api.urls")),
    path("", include("exchange.posts.api.urls")),
    path("", include("exchange.matching.api.urls")),
]
