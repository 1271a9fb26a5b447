from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Competitions and evaluations")

    def ready(self):
        from . import entry_notifications

        entry_notifications.register()

        # Expert review: experts read the clusters of their assigned entries (except in a blind review).
        from clusters.profiles.selectors import EXPERT_CLUSTER_GRANTS

        from .selectors import expert_cluster_grant

        if expert_cluster_grant not in EXPERT_CLUSTER_GRANTS:
            EXPERT_CLUSTER_GRANTS.append(expert_cluster_grant)

        # Dynamic adjustment's notification kinds (adjustment part).
        from . import adjustment_notifications

        adjustment_notifications.register()

        # Public notice part: its notification kinds.
        from . import notice_notifications

        notice_notifications.register()
