from rest_framework.routers import SimpleRouter

from clusters.network.api import views

router = SimpleRouter()
router.register("network-analyses", views.NetworkAnalysisViewSet, basename="network-analysis")

urlpatterns = router.urls
