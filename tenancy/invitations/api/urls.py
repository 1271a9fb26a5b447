from rest_framework.routers import SimpleRouter

from tenancy.invitations.api import views

router = SimpleRouter()
router.register("invitations", views.InvitationViewSet, basename="invitation")

urlpatterns = router.urls
