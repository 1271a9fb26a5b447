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

        # One enterprise in several clusters: the member page's panel, notes on credit codes, the export.
        from . import enterprises

        enterprises.register()

        # Collaborations between clusters: notification kinds and the list's export.
        from .links import exports as links_exports
        from .links import notifications as links_notifications

        links_notifications.register()
        links_exports.register()

        # Matching: the complementarity matrix's export (tenancy.exports), gaps and partners on a cluster's page
        # (clusters.profiles.sections).
        from .matching import exports as matching_exports
        from .matching import sections as matching_sections

        matching_exports.register()
        matching_sections.register()

        # Partner posts: notification kinds (interest, answers, followed clusters' new posts) and the list's export.
        from .posts import exports as posts_exports
        from .posts import notifications as posts_notifications

        posts_notifications.register()
        posts_exports.register()

        # Global search (tenancy.search): partner posts.
        from .posts import search as posts_search

        posts_search.register()
