"""The URLconf: admin, language switch and API schema here; every app's pages and API come from the modules it
registered with the shell (tenancy.registry), in INSTALLED_APPS order."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tenancy.registry import registry

api_patterns = [path("", include(module)) for module in registry.url_modules(api=True)]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    *(path("", include(module)) for module in registry.url_modules(api=False)),
]

handler403 = "tenancy.views.handler403"
handler404 = "tenancy.views.handler404"
handler500 = "tenancy.views.handler500"
