"""Pages of the notice part of the evaluations app."""

urlpatterns = []
