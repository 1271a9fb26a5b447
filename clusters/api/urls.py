from rest_framework.routers import SimpleRouter

from . import member_views, views

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("members", member_views.MemberViewSet, basename="member")
router.register("collaborations", member_views.CollaborationViewSet, basename="collaboration")
urlpatterns = router.urls
