"""Pages of the review part of the evaluations app."""

from django.urls import path

from evaluations.review import views

urlpatterns = [
    path("review/experts/", views.expert_pool, name="expert-pool"),
    path("review/experts/<int:pk>/", views.expert_detail, name="expert-pool-detail"),
    path("review/experts/<int:pk>/eligibility/", views.expert_eligibility, name="expert-eligibility"),
    path("review/conflicts/", views.conflict_list, name="conflict-list"),
    path("review/conflicts/add/", views.conflict_add, name="conflict-add"),
    path("review/conflicts/<int:pk>/withdraw/", views.conflict_withdraw, name="conflict-withdraw"),
    path("review/rounds/<int:pk>/", views.round_assignments, name="round-assignments"),
    path("review/rounds/<int:pk>/assign/", views.round_assign, name="round-assign"),
    path("review/entries/<int:pk>/assign/", views.assignment_add, name="assignment-add"),
    path("review/entries/<int:pk>/reviews/", views.entry_reviews, name="entry-reviews"),
    path("review/entries/<int:pk>/score-changes/", views.entry_review_changes, name="entry-review-changes"),
    path("review/reviews/<int:pk>/changes/", views.review_changes, name="review-changes"),
    path("review/assignments/", views.my_assignments, name="my-assignments"),
    path("review/assignments/<int:pk>/", views.review_form, name="review-form"),
    path("review/assignments/<int:pk>/recuse/", views.assignment_recuse, name="assignment-recuse"),
    path("review/assignments/<int:pk>/remove/", views.assignment_remove, name="assignment-remove"),
]
