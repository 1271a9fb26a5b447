"""Pages of the review part of the evaluations app."""

urlpatterns = []
