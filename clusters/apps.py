from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters")

    def ready(self):
        from tenancy.registry import registry

        from . import navigation, tasks, work  # noqa: F401 - tasks registers the Celery tasks the services queue by name
        from .imports import job  # noqa: F401 - connects the deletion of an import's file to the deletion of its row
        from .quality import checks  # noqa: F401 - registers the clusters app's consistency checks

        # Its urls.py (pages) and api/urls.py (under /api/v1/), each including its concepts' modules.
        registry.register_urls(app=self.label, ui=["clusters.urls"], api=["clusters.api.urls"])
        navigation.register()
        work.register()  # its work queues (tenancy.work)

        # Imports and network analyses run under the shared heartbeat and watchdog.
        from tenancy.watchdog import register_job_kind

        from .models import ImportJob, NetworkAnalysis

        register_job_kind(ImportJob, "clusters.run_import")
        register_job_kind(NetworkAnalysis, "clusters.network_analysis")

        # The lists its pages show, exported as jobs (tenancy/exports).
        from .benchmark import exports as benchmark_exports
        from .imports import exports as import_exports
        from .layout import exports as layout_exports
        from .members import exports as member_exports
        from .network import exports as network_exports
        from .observations import exports as observation_exports
        from .profiles import exports as profile_exports

        for module in (
            profile_exports,
            member_exports,
            import_exports,
            observation_exports,
            layout_exports,
            benchmark_exports,
            network_exports,
        ):
            module.register()

        # The reminder of the yearly observation filing deadline (tenancy/mail/reminders.py).
        from tenancy.mail.reminders import register_reminder_source

        from .observations import reminders as observation_reminders

        observation_reminders.register()
        register_reminder_source(observation_reminders.due_observation_reminders)

        # Global search (tenancy.search): clusters, and members with their credit codes.
        from .members import search as member_search
        from .profiles import search as profile_search

        profile_search.register()
        member_search.register()
