from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Competitions and evaluations")

    def ready(self):
        # Dynamic adjustment's notification kinds (adjustment part).
        from . import adjustment_notifications

        adjustment_notifications.register()
