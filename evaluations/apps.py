from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Competitions and evaluations")

    # Registered with the shell (tenancy.registry), part by part: pages at the root, API under /api/v1/.
    url_modules = (
        "evaluations.urls",
        "evaluations.urls_review",
        "evaluations.urls_runs",
        "evaluations.urls_notice",
        "evaluations.urls_monitoring",
        "evaluations.urls_adjust",
    )
    api_url_modules = (
        "evaluations.api.urls",
        "evaluations.api.urls_review",
        "evaluations.api.urls_runs",
        "evaluations.api.urls_notice",
        "evaluations.api.urls_monitoring",
        "evaluations.api.urls_adjust",
    )

    def ready(self):
        from . import entry_notifications

        entry_notifications.register()

        # Expert review: experts read the clusters of their assigned entries (except in a blind review).
        from clusters.selectors import EXPERT_CLUSTER_GRANTS

        from .selectors import expert_cluster_grant

        if expert_cluster_grant not in EXPERT_CLUSTER_GRANTS:
            EXPERT_CLUSTER_GRANTS.append(expert_cluster_grant)

        # Dynamic adjustment's notification kinds (adjustment part).
        from . import adjustment_notifications

        adjustment_notifications.register()

        # Public notice part: its notification kinds.
        from . import notice_notifications

        notice_notifications.register()

        # The shell: URL modules, menu entries and dashboard panels.
        from tenancy.registry import registry

        from . import navigation

        registry.register_urls(app=self.label, ui=self.url_modules, api=self.api_url_modules)
        navigation.register()
