"""API of the entries."""

from rest_framework.routers import SimpleRouter

from evaluations.entries.api import views

router = SimpleRouter()
router.register("entries", views.EntryViewSet, basename="entry")
urlpatterns = router.urls
