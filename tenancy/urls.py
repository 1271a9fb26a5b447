from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .experts import views as expert_views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("experts/add/", expert_views.expert_add, name="expert-add"),
    path("experts/me/", expert_views.expert_me, name="expert-me"),
    path("experts/<int:pk>/edit/", expert_views.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/invite/", expert_views.expert_invite, name="expert-invite"),
    path("experts/<int:pk>/deactivate/", expert_views.expert_set_active, {"active": False}, name="expert-deactivate"),
    path("experts/<int:pk>/reactivate/", expert_views.expert_set_active, {"active": True}, name="expert-reactivate"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("tenancy.notifications.urls")),
    path("", include("tenancy.invitations.urls")),
    path("", include("tenancy.mail.urls")),
    path("", include("tenancy.accounts.urls")),
    path("", include("tenancy.organisations.urls")),
    path("", include("tenancy.onboarding.urls")),
]
