from rest_framework.routers import SimpleRouter

from clusters.profiles.api import views

router = SimpleRouter()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("chain-categories", views.ChainCategoryViewSet, basename="chain-category")
router.register("chain-links", views.ChainLinkViewSet, basename="chain-link")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("register", views.PublicRegisterViewSet, basename="register")

urlpatterns = router.urls
