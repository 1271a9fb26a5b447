from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_patterns = [
    path("", include("tenancy.api.urls")),
    path("", include("clusters.api.urls")),
    path("", include("policies.api.urls")),
    path("", include("evaluations.api.urls")),
    path("", include("evaluations.api.urls_review")),
    path("", include("evaluations.api.urls_runs")),
    path("", include("evaluations.api.urls_notice")),
    path("", include("evaluations.api.urls_monitoring")),
    path("", include("evaluations.api.urls_adjust")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("tenancy.urls")),
    path("", include("clusters.urls")),
    path("", include("policies.urls")),
    path("", include("evaluations.urls")),
    path("", include("evaluations.urls_review")),
    path("", include("evaluations.urls_runs")),
    path("", include("evaluations.urls_notice")),
    path("", include("evaluations.urls_monitoring")),
    path("", include("evaluations.urls_adjust")),
]

handler403 = "tenancy.views.handler403"
handler404 = "tenancy.views.handler404"
handler500 = "tenancy.views.handler500"
