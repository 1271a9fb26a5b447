"""API of the evaluation runs part of the evaluations app."""

from rest_framework.routers import SimpleRouter

from evaluations.runs.api import views as runs

router = SimpleRouter()
router.register("evaluation-runs", runs.EvaluationRunViewSet, basename="evaluation-run")
urlpatterns = router.urls
