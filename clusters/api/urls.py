from django.urls import path
from rest_framework.routers import SimpleRouter

from . import observations, views

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("indicators", observations.IndicatorViewSet, basename="indicator")
router.register("observations", observations.ObservationViewSet, basename="observation")
urlpatterns = [
    *router.urls,
    path("diagnostics/<int:cluster_id>/", observations.DiagnosticView.as_view(), name="diagnostic-detail"),
]
