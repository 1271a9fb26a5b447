from django.urls import path

from . import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/add/", views.organisation_add, name="organisation-add"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/history/", views.organisation_history, name="organisation-history"),
    path(
        "organisations/<int:pk>/deactivate/",
        views.organisation_set_active,
        {"active": False},
        name="organisation-deactivate",
    ),
    path(
        "organisations/<int:pk>/reactivate/",
        views.organisation_set_active,
        {"active": True},
        name="organisation-reactivate",
    ),
]
