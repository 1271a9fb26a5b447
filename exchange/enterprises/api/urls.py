from rest_framework.routers import SimpleRouter

from exchange.enterprises.api import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")

urlpatterns = router.urls
