from django.urls import path

from clusters.layout.views import cluster_layout, public_layout, public_layout_export

urlpatterns = [
    path("layout/", cluster_layout, name="layout"),
    path("layout/public/", public_layout, name="layout-public"),
    path("layout/public/export.xlsx", public_layout_export, name="layout-public-export"),
]
