from rest_framework.routers import SimpleRouter

from clusters.members.api import views

router = SimpleRouter()
router.register("members", views.MemberViewSet, basename="member")
router.register("collaborations", views.CollaborationViewSet, basename="collaboration")

urlpatterns = router.urls
