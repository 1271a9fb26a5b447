"""Pages of dynamic adjustment and reports (decisions, rectification, PDF, Excel, dashboard)."""

from django.urls import path

from monitoring.adjustment import views

urlpatterns = [
    path("monitoring/dashboard/", views.dashboard, name="monitoring-dashboard"),
    path("monitoring/results/<int:pk>/decide/", views.decision_record, name="adjustment-decide"),
    path("monitoring/results/<int:pk>/report.pdf", views.result_report, name="monitoring-result-report"),
    path("monitoring/decisions/<int:pk>/history/", views.decision_history, name="adjustment-history"),
    path("monitoring/clusters/<int:pk>/rectification/", views.rectification_list, name="rectification-list"),
]
