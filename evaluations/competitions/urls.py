"""Pages of the competitions: competitions, rounds and rubrics."""

from django.urls import path

from evaluations.competitions import views

urlpatterns = [
    path("competitions/", views.competition_list, name="competition-list"),
    path("competitions/add/", views.competition_edit, name="competition-add"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition-detail"),
    path("competitions/<int:pk>/edit/", views.competition_edit, name="competition-edit"),
    path("competitions/<int:pk>/publish/", views.competition_publish, name="competition-publish"),
    path("competitions/<int:pk>/delete/", views.competition_delete, name="competition-delete"),
    path("competitions/<int:pk>/history/", views.competition_history, name="competition-history"),
    path("competitions/<int:competition_pk>/rounds/add/", views.round_edit, name="round-add"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/delete/", views.round_delete, name="round-delete"),
    path("rounds/<int:pk>/rubric/", views.rubric_edit, name="rubric-edit"),
    path("rounds/<int:pk>/carry-over/", views.round_carry_over, name="round-carry-over"),
]
