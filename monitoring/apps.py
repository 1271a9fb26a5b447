from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and dynamic adjustment")

    def ready(self):
        from monitoring.adjustment import notifications as adjustment_notifications

        adjustment_notifications.register()

        # The shell: URL modules and menu entries.
        from tenancy.registry import registry

        from . import navigation, work

        # Its urls.py (pages) and api/urls.py (under /api/v1/), each including its concepts' modules.
        registry.register_urls(app=self.label, ui=["monitoring.urls"], api=["monitoring.api.urls"])
        navigation.register()
        work.register()  # its work queues (tenancy.work)

        # Monitoring evaluations run under the shared heartbeat and watchdog.
        from tenancy.watchdog import register_job_kind

        from .models import MonitoringEvaluation

        register_job_kind(MonitoringEvaluation, "evaluations.monitoring_evaluate")

        # The national summary and the list of evaluations, exported as jobs (tenancy/exports).
        from .adjustment import exports as adjustment_exports
        from .evaluation import exports as evaluation_exports

        adjustment_exports.register()
        evaluation_exports.register()
