"""API of the notice part of the evaluations app: public notices, objections and published results."""

from rest_framework.routers import SimpleRouter

from evaluations.notice.api import views as notice

router = SimpleRouter()
router.register("notices", notice.NoticeViewSet, basename="notice")
router.register("objections", notice.ObjectionViewSet, basename="objection")
router.register("published-results", notice.PublishedResultViewSet, basename="published-result")
urlpatterns = router.urls
