from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("exports", views.ExportJobViewSet, basename="export")

urlpatterns = router.urls
