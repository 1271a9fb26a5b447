"""The exchange app's API: one URL module per concept."""

urlpatterns = []
from django.urls import include, path  # noqa: E402

urlpatterns += [path("", include("exchange.posts.api.urls"))]
