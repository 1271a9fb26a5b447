"""Pages of the evaluation runs part of the evaluations app."""

from django.urls import path

from evaluations.runs import views as run_views

urlpatterns = [
    path("evaluation-runs/", run_views.run_list, name="evaluation-run-list"),
    path("evaluation-runs/compare/", run_views.run_compare, name="evaluation-run-compare"),
    path("evaluation-runs/<int:pk>/", run_views.run_detail, name="evaluation-run-detail"),
    path("evaluation-runs/<int:pk>/progress/", run_views.run_progress, name="evaluation-run-progress"),
    path(
        "evaluation-runs/<int:pk>/results/<int:result_pk>/",
        run_views.result_detail,
        name="evaluation-result-detail",
    ),
    path("rounds/<int:pk>/evaluate/", run_views.run_start, name="round-evaluate"),
]
