"""The exchange app's pages: one URL module per concept, in this order."""

from django.urls import include, path

urlpatterns = [
    path("", include("exchange.enterprises.urls")),
    path("", include("exchange.links.urls")),
    path("", include("exchange.posts.urls")),
    path("", include("exchange.matching.urls")),
]
