from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("onboarding", views.OnboardingImportViewSet, basename="onboarding")

urlpatterns = router.urls
