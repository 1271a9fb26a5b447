from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Competitions and evaluations")

    def ready(self):
        # Public notice part: its notification kinds.
        from . import notice_notifications

        notice_notifications.register()
