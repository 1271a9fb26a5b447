from django.urls import include, path

urlpatterns = [
    path("", include("policies.urls_library")),
    path("", include("policies.urls_plans")),
]
