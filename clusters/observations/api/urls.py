from django.urls import path
from rest_framework.routers import SimpleRouter

from clusters.observations.api import views

router = SimpleRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")

urlpatterns = [
    *router.urls,
    path("diagnostics/<int:cluster_id>/", views.DiagnosticView.as_view(), name="diagnostic-detail"),
]
