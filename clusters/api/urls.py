from django.urls import include, path
from rest_framework.routers import SimpleRouter

from clusters.imports.api.views import ImportJobViewSet
from clusters.members.api import views as member_views
from clusters.network.api import views as network
from clusters.observations.api import views as observations
from clusters.profiles.api import views

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
    path("", include("clusters.layout.api.views")),
]
