from rest_framework.routers import SimpleRouter

from exchange.posts.api.views import FollowViewSet, InterestViewSet, PostViewSet

router = SimpleRouter()
router.register("posts", PostViewSet, basename="post")
router.register("post-interests", InterestViewSet, basename="post-interest")
router.register("followed-clusters", FollowViewSet, basename="followed-cluster")

urlpatterns = router.urls
