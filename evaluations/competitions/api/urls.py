"""API of the competitions: competitions, rounds and criteria."""

from rest_framework.routers import SimpleRouter

from evaluations.competitions.api import views

router = SimpleRouter()
router.register("competitions", views.CompetitionViewSet, basename="competition")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("criteria", views.CriterionViewSet, basename="criterion")
urlpatterns = router.urls
