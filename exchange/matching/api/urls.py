from django.urls import path
from rest_framework.routers import SimpleRouter

from exchange.matching.api import views

router = SimpleRouter()
router.register("matching/clusters", views.MatchingViewSet, basename="matching-cluster")

urlpatterns = [
    path("matching/matrix/", views.MatrixView.as_view(), name="matching-matrix"),
    *router.urls,
]
