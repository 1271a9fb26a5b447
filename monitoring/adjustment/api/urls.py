"""API of dynamic adjustment (decisions and rectification notes)."""

from rest_framework.routers import SimpleRouter

from monitoring.adjustment.api import views as adjustment

router = SimpleRouter()
router.register("adjustment-decisions", adjustment.AdjustmentDecisionViewSet, basename="adjustment-decision")
router.register("rectification-notes", adjustment.RectificationNoteViewSet, basename="rectification-note")
urlpatterns = router.urls
