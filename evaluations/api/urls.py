"""The evaluations app's API: one URL module per concept."""

from django.urls import include, path

urlpatterns = [
    path("", include("evaluations.competitions.api.urls")),
    path("", include("evaluations.entries.api.urls")),
    path("", include("evaluations.review.api.urls")),
    path("", include("evaluations.runs.api.urls")),
    path("", include("evaluations.notice.api.urls")),
]
