from django.urls import path

from clusters.imports import views as views_imports

urlpatterns = [
    path("clusters/<int:pk>/imports/", views_imports.import_list, name="cluster-imports"),
    path("clusters/<int:pk>/imports/<int:job_pk>/", views_imports.import_detail, name="cluster-import-detail"),
    path("clusters/<int:pk>/imports/<int:job_pk>/status/", views_imports.import_status, name="cluster-import-status"),
    path("clusters/<int:pk>/imports/<int:job_pk>/commit/", views_imports.import_commit, name="cluster-import-commit"),
    path("imports/templates/<str:kind>.<str:file_format>", views_imports.import_template, name="import-template"),
]
