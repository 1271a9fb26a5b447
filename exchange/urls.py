"""The exchange app's pages: one URL module per concept, in this order."""

urlpatterns = []
from django.urls import include, path  # noqa: E402

urlpatterns += [path("", include("exchange.posts.urls"))]
