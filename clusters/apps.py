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
        from .quality import checks  # noqa: F401 - registers the clusters app's consistency checks

        registry.register_urls(app=self.label, ui=self.url_modules, api=self.api_url_modules)
        navigation.register()

        # Imports and network analyses run under the shared heartbeat and watchdog.
        from tenancy.watchdog import register_job_kind

        from .models import ImportJob, NetworkAnalysis

        register_job_kind(ImportJob, "clusters.run_import")
        register_job_kind(NetworkAnalysis, "clusters.network_analysis")

        # The reminder of the yearly observation filing deadline (tenancy/mail/reminders.py).
        from tenancy.mail.reminders import register_reminder_source

        from .observations import reminders as observation_reminders

        observation_reminders.register()
        register_reminder_source(observation_reminders.due_observation_reminders)
