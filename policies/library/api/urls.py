from rest_framework.routers import SimpleRouter

from policies.library.api import views as library

router = SimpleRouter()
router.register("policies", library.PolicyViewSet, basename="policy")
router.register("instruments", library.InstrumentViewSet, basename="instrument")
router.register("toolkits", library.ToolkitViewSet, basename="toolkit")

urlpatterns = router.urls
