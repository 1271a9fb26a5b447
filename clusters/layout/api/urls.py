from django.urls import path

from clusters.layout.api.views import LayoutView, PublicLayoutView

urlpatterns = [
    path("layout/", LayoutView.as_view(), name="layout"),
    path("layout/public/", PublicLayoutView.as_view(), name="layout-public"),
]
