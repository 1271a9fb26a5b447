from django.urls import path

from . import views

urlpatterns = [
    path("organisation/members/", views.member_list, name="member-list"),
    path("organisation/members/add/", views.member_add, name="member-add"),
    path("organisation/members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("organisation/members/<int:pk>/history/", views.member_history, name="member-history"),
    path(
        "organisation/members/<int:pk>/deactivate/",
        views.member_set_active,
        {"active": False},
        name="member-deactivate",
    ),
    path(
        "organisation/members/<int:pk>/reactivate/",
        views.member_set_active,
        {"active": True},
        name="member-reactivate",
    ),
]
