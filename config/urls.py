from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_patterns = [
    path("", include("tenancy.api.urls")),
    path("", include("clusters.api.urls")),
    path("", include("policies.api.urls")),
    path("", include("evaluations.competitions.api.urls")),
    path("", include("evaluations.entries.api.urls")),
    path("", include("evaluations.review.api.urls")),
    path("", include("evaluations.runs.api.urls")),
    path("", include("evaluations.notice.api.urls")),
    path("", include("monitoring.evaluation.api.urls")),
    path("", include("monitoring.adjustment.api.urls")),
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
    path("", include("evaluations.competitions.urls")),
    path("", include("evaluations.entries.urls")),
    path("", include("evaluations.review.urls")),
    path("", include("evaluations.runs.urls")),
    path("", include("evaluations.notice.urls")),
    path("", include("monitoring.evaluation.urls")),
    path("", include("monitoring.adjustment.urls")),
]

handler403 = "tenancy.views.handler403"
handler404 = "tenancy.views.handler404"
handler500 = "tenancy.views.handler500"
