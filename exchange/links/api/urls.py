from django.urls import path
from rest_framework.routers import SimpleRouter

from exchange.links.api import views

router = SimpleRouter()
router.register("cluster-links", views.ClusterLinkViewSet, basename="cluster-link")

urlpatterns = [
    *router.urls,
    path("cluster-network/", views.ClusterNetworkView.as_view(), name="cluster-network-national"),
]
