from rest_framework.routers import SimpleRouter

from tenancy.experts.api import views

router = SimpleRouter()
router.register("experts", views.ExpertProfileViewSet, basename="expert")

urlpatterns = router.urls
