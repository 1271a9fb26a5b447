from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import member_views, network, observations, views
from .imports import ImportJobViewSet

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("chain-links", views.ChainLinkViewSet, basename="chain-link")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("register", views.PublicRegisterViewSet, basename="register")
router.register("indicators", observations.IndicatorViewSet, basename="indicator")
router.register("observations", observations.ObservationViewSet, basename="observation")
router.register("network-analyses", network.NetworkAnalysisViewSet, basename="network-analysis")
router.register("imports", ImportJobViewSet, basename="import-job")
router.register("members", member_views.MemberViewSet, basename="member")
router.register("collaborations", member_views.CollaborationViewSet, basename="collaboration")
urlpatterns = [
    *router.urls,
    path("diagnostics/<int:cluster_id>/", observations.DiagnosticView.as_view(), name="diagnostic-detail"),
    path("", include("clusters.api.layout")),
]
