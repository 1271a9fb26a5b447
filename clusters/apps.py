from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters")

    def ready(self):
        from clusters import tasks  # noqa: F401 - registers the Celery tasks the services queue by name
        from clusters.imports import job  # noqa: F401 - connects the deletion of an import's file to the deletion of its row
