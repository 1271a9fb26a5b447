from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies and cultivation plans")

    def ready(self):
        # Importing the rules modules registers the library's and the plans' permissions.
        from . import library_rules, plans_notifications, plans_rules  # noqa: F401

        plans_notifications.register()
