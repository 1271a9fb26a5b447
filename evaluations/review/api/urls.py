"""API of the review part of the evaluations app."""

from rest_framework.routers import SimpleRouter

from evaluations.review.api import views as review

router = SimpleRouter()
router.register("expert-pool", review.ExpertPoolViewSet, basename="expert-pool")
router.register("conflicts", review.ConflictViewSet, basename="conflict")
router.register("assignments", review.AssignmentViewSet, basename="assignment")
router.register("reviews", review.ReviewViewSet, basename="review")
router.register("rounds", review.RoundReviewViewSet, basename="round-review")
urlpatterns = router.urls
