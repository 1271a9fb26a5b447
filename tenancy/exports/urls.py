from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.export_list, name="export-list"),
    path("exports/new/", views.export_new, name="export-new"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export-status"),
    path("exports/<int:pk>/file/", views.export_file, name="export-file"),
]
