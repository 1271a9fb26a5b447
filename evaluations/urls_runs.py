"""Pages of the evaluation runs part of the evaluations app."""

urlpatterns = []
