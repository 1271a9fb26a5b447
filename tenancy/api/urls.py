from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("industry-fields", views.IndustryFieldViewSet, basename="industry-field")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("experts", views.ExpertProfileViewSet, basename="expert")

urlpatterns = [
    path("", include("tenancy.accounts.api.urls")),
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
    path("", include("tenancy.notifications.api.urls")),
    path("", include("tenancy.invitations.api.urls")),
    path("", include("tenancy.mail.api.urls")),
    path("", include("tenancy.onboarding.api.urls")),
]
