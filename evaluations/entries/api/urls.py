from rest_framework.routers import SimpleRouter

from evaluations.entries.api import views

router = SimpleRouter()
router.register("competitions", views.CompetitionViewSet, basename="competition")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("criteria", views.CriterionViewSet, basename="criterion")
router.register("entries", views.EntryViewSet, basename="entry")
urlpatterns = router.urls
