from django.urls import include, path

urlpatterns = [
    path("", include("policies.library.urls")),
    path("", include("policies.plans.urls")),
]
