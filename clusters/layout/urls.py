from django.urls import path

from clusters.layout.views import cluster_layout, cluster_layout_export, public_layout, public_layout_export

urlpatterns = [
    path("layout/", cluster_layout, name="layout"),
    path("layout/export.xlsx", cluster_layout_export, name="layout-export"),
    path("layout/public/", public_layout, name="layout-public"),
    path("layout/public/export.xlsx", public_layout_export, name="layout-public-export"),
]
