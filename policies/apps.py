from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies and cultivation plans")

    def ready(self):
        # policies/rules.py (the library's and the plans' permissions) is loaded by rules' autodiscovery, as every
        # app's rules.py is.
        from policies.plans import notifications as plans_notifications

        plans_notifications.register()

        # The reminder of a returned plan not resubmitted (tenancy/mail/reminders.py).
        from policies.plans import reminders as plans_reminders
        from tenancy.mail.reminders import register_reminder_source

        plans_reminders.register()
        register_reminder_source(plans_reminders.due_plan_reminders)

        from tenancy.registry import registry

        from . import navigation, work

        # Its urls.py (pages) and api/urls.py (under /api/v1/), each including its concepts' modules.
        registry.register_urls(app=self.label, ui=["policies.urls"], api=["policies.api.urls"])
        navigation.register()
        work.register()  # its work queues (tenancy.work)

        # The lists its pages show, exported as jobs (tenancy/exports).
        from policies.library import exports as library_exports
        from policies.plans import exports as plan_exports

        library_exports.register()
        plan_exports.register()

        # Global search (tenancy.search): policies and cultivation plans.
        from policies.library import search as library_search
        from policies.plans import search as plan_search

        library_search.register()
        plan_search.register()
