from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "tenancy"
    verbose_name = _("Tenancy")

    def ready(self):
        from . import navigation
        from .registry import registry

        # Its urls.py (pages) and api/urls.py (under /api/v1/), each including its concepts' modules.
        registry.register_urls(app=self.label, ui=["tenancy.urls"], api=["tenancy.api.urls"])
        navigation.register()

        # Onboarding files run under the shared heartbeat and watchdog.
        from .onboarding import tasks  # noqa: F401 - registers the task
        from .onboarding.models import OnboardingImport
        from .watchdog import register_job_kind

        register_job_kind(OnboardingImport, "tenancy.run_onboarding_import")

        # Exports of lists too; each app registers its lists (tenancy.exports.registry) from its own ready().
        from .exports import tasks as export_tasks  # noqa: F401 - registers the task
        from .exports.models import ExportJob

        register_job_kind(ExportJob, "tenancy.run_export")
        from .invitations import exports as invitation_exports
        from .mail import exports as mail_exports
        from .memberships import exports as membership_exports
        from .onboarding import exports as onboarding_exports
        from .organisations import exports as organisation_exports

        invitation_exports.register()
        mail_exports.register()
        onboarding_exports.register()
        membership_exports.register()
        organisation_exports.register()
