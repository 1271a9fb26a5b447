"""API of the evaluation runs part of the evaluations app."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = router.urls
