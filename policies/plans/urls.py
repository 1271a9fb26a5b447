from django.urls import path, re_path

from policies.plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/add/", views.plan_add, name="plan-add"),
    path("plans/summary/", views.plan_summary, name="plan-summary"),
    path("plans/summary/national/", views.plan_summary_national, name="plan-summary-national"),
    path("plans/summary/local/<int:org_pk>/", views.plan_summary_local, name="plan-summary-local"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan-delete"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan-history"),
    re_path(
        r"^plans/(?P<pk>[0-9]+)/(?P<action>submit|approve|return)/$", views.plan_transition, name="plan-transition"
    ),
    path("plans/<int:pk>/versions/<int:number>/", views.plan_version, name="plan-version"),
    path("plans/<int:pk>/diff/", views.plan_diff, name="plan-diff"),
]
