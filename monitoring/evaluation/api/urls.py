"""API of the monitoring part of the evaluations app."""

from rest_framework.routers import SimpleRouter

from monitoring.evaluation.api.views import (
    MonitoringEvaluationViewSet,
    MonitoringMethodViewSet,
    MonitoringResultViewSet,
)

router = SimpleRouter()
router.register("monitoring-evaluations", MonitoringEvaluationViewSet, basename="monitoring-evaluation")
router.register("monitoring-results", MonitoringResultViewSet, basename="monitoring-result")
router.register("monitoring-methods", MonitoringMethodViewSet, basename="monitoring-method")
urlpatterns = router.urls
