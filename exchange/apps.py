from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """The layer between clusters: one enterprise in several clusters, collaborations across clusters, partner
    posts and matchmaking."""

    name = "exchange"
    verbose_name = _("Across clusters")

    def ready(self):
        # exchange/rules.py is loaded by rules' autodiscovery, as every app's rules.py is.
        from tenancy.registry import registry

        from . import navigation, work

        # Its urls.py (pages) and api/urls.py (under /api/v1/), each including its concepts' modules.
        registry.register_urls(app=self.label, ui=["exchange.urls"], api=["exchange.api.urls"])
        navigation.register()
        work.register()  # its work queues (tenancy.work)

        from exchange.posts import exports as posts_exports
        from exchange.posts import notifications as posts_notifications

        posts_notifications.register()
        posts_exports.register()
