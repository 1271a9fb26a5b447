from rest_framework.routers import SimpleRouter

from tenancy.organisations.api import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
