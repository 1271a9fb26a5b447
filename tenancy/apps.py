from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "tenancy"
    verbose_name = _("Tenancy")

    # The shell's URL modules: pages at the root, API under /api/v1/ in the "api" namespace (config/urls.py).
    url_modules = ("tenancy.urls",)
    api_url_modules = ("tenancy.api.urls",)

    def ready(self):
        from . import navigation
        from .registry import registry

        registry.register_urls(app=self.label, ui=self.url_modules, api=self.api_url_modules)
        navigation.register()

        # Onboarding files run under the shared heartbeat and watchdog.
        from .onboarding import tasks  # noqa: F401 - registers the task
        from .onboarding.models import OnboardingImport
        from .watchdog import register_job_kind

        register_job_kind(OnboardingImport, "tenancy.run_onboarding_import")
