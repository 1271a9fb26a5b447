"""Pages of the monitoring part of the evaluations app."""

urlpatterns = []
