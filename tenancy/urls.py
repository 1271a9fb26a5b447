"""The tenancy app's pages: the dashboard, signing in and out, the health check, then one URL module per concept."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("tenancy.memberships.urls")),
    path("", include("tenancy.experts.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("tenancy.notifications.urls")),
    path("", include("tenancy.invitations.urls")),
    path("", include("tenancy.mail.urls")),
    path("", include("tenancy.accounts.urls")),
    path("", include("tenancy.organisations.urls")),
    path("", include("tenancy.onboarding.urls")),
    path("", include("tenancy.exports.urls")),
    path("", include("tenancy.search.urls")),
]
