from django.urls import path
from rest_framework.routers import SimpleRouter

from tenancy.notifications.api.views import NotificationViewSet

from . import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("industry-fields", views.IndustryFieldViewSet, basename="industry-field")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("experts", views.ExpertProfileViewSet, basename="expert")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
]
