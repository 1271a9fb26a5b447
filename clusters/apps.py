from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters")

    # Registered with the shell (tenancy.registry): pages at the root, API under /api/v1/.
    url_modules = ("clusters.urls",)
    api_url_modules = ("clusters.api.urls",)

    def ready(self):
        from tenancy.registry import registry

        from . import navigation, tasks  # noqa: F401 - tasks registers the Celery tasks the services queue by name
        from .imports import job  # noqa: F401 - connects the deletion of an import's file to the deletion of its row

        registry.register_urls(app=self.label, ui=self.url_modules, api=self.api_url_modules)
        navigation.register()
