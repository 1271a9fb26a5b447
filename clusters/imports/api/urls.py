from rest_framework.routers import SimpleRouter

from clusters.imports.api import views

router = SimpleRouter()
router.register("imports", views.ImportJobViewSet, basename="import-job")

urlpatterns = router.urls
