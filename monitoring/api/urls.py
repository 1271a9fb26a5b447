"""The monitoring app's API: one URL module per concept."""

from django.urls import include, path

urlpatterns = [
    path("", include("monitoring.evaluation.api.urls")),
    path("", include("monitoring.adjustment.api.urls")),
]
