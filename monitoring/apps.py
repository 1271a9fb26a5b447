from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and dynamic adjustment")

    # Registered with the shell (tenancy.registry): pages at the root, API under /api/v1/.
    url_modules = ("monitoring.evaluation.urls", "monitoring.adjustment.urls")
    api_url_modules = ("monitoring.evaluation.api.urls", "monitoring.adjustment.api.urls")

    def ready(self):
        from monitoring.adjustment import notifications as adjustment_notifications

        adjustment_notifications.register()

        # The shell: URL modules and menu entries.
        from tenancy.registry import registry

        from . import navigation

        registry.register_urls(app=self.label, ui=self.url_modules, api=self.api_url_modules)
        navigation.register()

        # Monitoring evaluations run under the shared heartbeat and watchdog.
        from tenancy.watchdog import register_job_kind

        from .models import MonitoringEvaluation

        register_job_kind(MonitoringEvaluation, "evaluations.monitoring_evaluate")
