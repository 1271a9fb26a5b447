from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Competitions and evaluations")

    def ready(self):
        from evaluations.entries import notifications as entry_notifications

        entry_notifications.register()

        # Expert review: experts read the clusters of their assigned entries (except in a blind review).
        from clusters.selectors import EXPERT_CLUSTER_GRANTS
        from evaluations.selectors import expert_cluster_grant

        if expert_cluster_grant not in EXPERT_CLUSTER_GRANTS:
            EXPERT_CLUSTER_GRANTS.append(expert_cluster_grant)

        # Public notice part: its notification kinds.
        from evaluations.notice import notifications as notice_notifications

        notice_notifications.register()
