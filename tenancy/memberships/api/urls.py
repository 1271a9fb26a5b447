from rest_framework.routers import SimpleRouter

from tenancy.memberships.api import views

router = SimpleRouter()
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = router.urls
