from rest_framework.routers import SimpleRouter

from . import views
from .imports import ImportJobViewSet

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("imports", ImportJobViewSet, basename="import-job")
urlpatterns = router.urls
