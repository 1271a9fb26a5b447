"""The tenancy app's API: the caller (`me/`) and the public reference data here, then one URL module per concept."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("industry-fields", views.IndustryFieldViewSet, basename="industry-field")

urlpatterns = [
    path("", include("tenancy.accounts.api.urls")),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/tasks/", views.MeTasksView.as_view(), name="me-tasks"),
    *router.urls,
    path("", include("tenancy.organisations.api.urls")),
    path("", include("tenancy.memberships.api.urls")),
    path("", include("tenancy.experts.api.urls")),
    path("", include("tenancy.notifications.api.urls")),
    path("", include("tenancy.invitations.api.urls")),
    path("", include("tenancy.mail.api.urls")),
    path("", include("tenancy.onboarding.api.urls")),
    path("", include("tenancy.exports.api.urls")),
    path("", include("tenancy.search.api.urls")),
]
