"""The policies app's API: one URL module per concept."""

from django.urls import include, path

urlpatterns = [
    path("", include("policies.library.api.urls")),
    path("", include("policies.plans.api.urls")),
]
