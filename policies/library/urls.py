from django.urls import path

from policies.library import views

urlpatterns = [
    path("policies/", views.policy_list, name="policy-list"),
    path("policies/add/", views.policy_add, name="policy-add"),
    path("policies/<int:pk>/", views.policy_detail, name="policy-detail"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy-edit"),
    path("policies/<int:pk>/publish/", views.policy_publish, name="policy-publish"),
    path("policies/<int:pk>/expire/", views.policy_expire, name="policy-expire"),
    path("policies/<int:pk>/delete/", views.policy_delete, name="policy-delete"),
    path("policies/<int:pk>/history/", views.policy_history, name="policy-history"),
    path("policies/<int:pk>/attachment/", views.policy_attachment, name="policy-attachment"),
    path("policies/<int:pk>/instruments/add/", views.instrument_add, name="instrument-add"),
    path("policies/<int:pk>/instruments/<int:instrument_pk>/edit/", views.instrument_edit, name="instrument-edit"),
    path(
        "policies/<int:pk>/instruments/<int:instrument_pk>/delete/", views.instrument_delete, name="instrument-delete"
    ),
    path(
        "policies/<int:pk>/instruments/<int:instrument_pk>/history/",
        views.instrument_history,
        name="instrument-history",
    ),
    path("toolkits/", views.toolkit_list, name="toolkit-list"),
    path("toolkits/add/", views.toolkit_add, name="toolkit-add"),
    path("toolkits/compare/", views.toolkit_compare, name="toolkit-compare"),
    path("toolkits/<int:pk>/", views.toolkit_detail, name="toolkit-detail"),
    path("toolkits/<int:pk>/edit/", views.toolkit_edit, name="toolkit-edit"),
    path("toolkits/<int:pk>/delete/", views.toolkit_delete, name="toolkit-delete"),
    path("toolkits/<int:pk>/history/", views.toolkit_history, name="toolkit-history"),
]
