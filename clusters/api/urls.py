from rest_framework.routers import SimpleRouter

from . import network, views

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("network-analyses", network.NetworkAnalysisViewSet, basename="network-analysis")
urlpatterns = router.urls
