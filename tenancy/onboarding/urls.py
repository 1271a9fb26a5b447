from django.urls import path

from . import views

urlpatterns = [
    path("onboarding/", views.onboarding_list, name="onboarding-list"),
    path("onboarding/<int:pk>/", views.onboarding_detail, name="onboarding-detail"),
    path("onboarding/<int:pk>/status/", views.onboarding_status, name="onboarding-status"),
    path("onboarding/<int:pk>/commit/", views.onboarding_commit, name="onboarding-commit"),
    path("onboarding/templates/<str:kind>.<str:file_format>", views.onboarding_template, name="onboarding-template"),
]
