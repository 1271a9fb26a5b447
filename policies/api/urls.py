from django.urls import include, path

urlpatterns = [
    path("", include("policies.api.urls_library")),
    path("", include("policies.api.urls_plans")),
]
