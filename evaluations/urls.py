"""The evaluations app's pages: one URL module per concept, in this order."""

from django.urls import include, path

urlpatterns = [
    path("", include("evaluations.competitions.urls")),
    path("", include("evaluations.entries.urls")),
    path("", include("evaluations.review.urls")),
    path("", include("evaluations.runs.urls")),
    path("", include("evaluations.notice.urls")),
]
