"""The monitoring app's pages: one URL module per concept, in this order."""

from django.urls import include, path

urlpatterns = [
    path("", include("monitoring.evaluation.urls")),
    path("", include("monitoring.adjustment.urls")),
]
