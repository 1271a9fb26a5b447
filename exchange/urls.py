"""The exchange app's pages: one URL module per concept, in this order."""

urlpatterns = []
