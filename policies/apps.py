from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies and cultivation plans")

    def ready(self):
        from . import library_rules  # noqa: F401 - registers the policy library's permissions
        from . import plans_notifications, plans_rules  # noqa: F401 - registers the plans' permissions

        plans_notifications.register()
