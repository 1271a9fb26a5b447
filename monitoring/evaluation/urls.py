"""Pages of the monitoring part of the evaluations app."""

from django.urls import path

from monitoring.evaluation import views

urlpatterns = [
    path("monitoring/", views.evaluation_list, name="monitoring-evaluation-list"),
    path("monitoring/<int:pk>/", views.evaluation_detail, name="monitoring-evaluation-detail"),
    path("monitoring/<int:pk>/progress/", views.evaluation_progress, name="monitoring-evaluation-progress"),
    path("monitoring/results/<int:pk>/", views.result_detail, name="monitoring-result-detail"),
    path("monitoring/rules/", views.rule_list, name="monitoring-rules"),
    path("monitoring/methods/", views.method_list, name="monitoring-method-list"),
    path("monitoring/methods/add/", views.method_add, name="monitoring-method-add"),
    path("monitoring/methods/<int:pk>/", views.method_detail, name="monitoring-method-detail"),
]
