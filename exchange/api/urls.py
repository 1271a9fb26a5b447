"""The exchange app's API: one URL module per concept."""

urlpatterns = []
