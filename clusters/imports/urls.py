from django.urls import path

from clusters.imports import views

urlpatterns = [
    path("clusters/<int:pk>/imports/", views.import_list, name="cluster-imports"),
    path("clusters/<int:pk>/imports/<int:job_pk>/", views.import_detail, name="cluster-import-detail"),
    path("clusters/<int:pk>/imports/<int:job_pk>/status/", views.import_status, name="cluster-import-status"),
    path("clusters/<int:pk>/imports/<int:job_pk>/commit/", views.import_commit, name="cluster-import-commit"),
    path("imports/templates/<str:kind>.<str:file_format>", views.import_template, name="import-template"),
]
