"""What the exchange app adds to the shell: the menu of work across clusters."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.registry import Menu, MenuEntry, registry
from tenancy.visibility import Viewer

# Organisations' menu of what lies between clusters (enterprises in several clusters, collaborations across
# clusters, partner posts, matchmaking); each concept adds its entries to MENU.
MENUS = (Menu(key="exchange", label=pgettext_lazy("menu", "Across clusters"), order=250),)

MENU = (
    # One enterprise in several clusters (exchange.enterprises): the ministry's and the governments' list.
    MenuEntry(
        app="exchange",
        label=_("Enterprises in several clusters"),
        url_name="enterprise-list",
        menu="exchange",
        order=100,
        kinds={Viewer.NATIONAL, Viewer.LOCAL},
        element_id="nav-enterprises",
    ),
    # Collaborations between clusters (exchange.links) and the network of clusters.
    MenuEntry(
        app="exchange",
        label=_("Collaborations between clusters"),
        url_name="cluster-link-list",
        menu="exchange",
        order=200,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
        element_id="nav-cluster-links",
    ),
    MenuEntry(
        app="exchange",
        label=_("Network of clusters"),
        url_name="cluster-network-page",
        menu="exchange",
        order=210,
        kinds={Viewer.NATIONAL, Viewer.LOCAL},
        element_id="nav-cluster-network",
    ),
    # Partner search (exchange.posts): the needs and offers of every cluster, and the clusters a body follows.
    MenuEntry(
        app="exchange",
        label=_("Partner search"),
        url_name="post-list",
        menu="exchange",
        order=300,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
        element_id="nav-posts",
        paths=("/exchange/interests/",),
    ),
    MenuEntry(
        app="exchange",
        label=_("Followed clusters"),
        url_name="follow-list",
        menu="exchange",
        order=310,
        kinds={Viewer.CLUSTER_BODY},
        element_id="nav-following",
    ),
    # Matching (exchange.matching): the gaps and partners of the viewer's clusters; the ministry's matrix.
    MenuEntry(
        app="exchange",
        label=_("Gaps and partners"),
        url_name="matching",
        menu="exchange",
        order=400,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
        element_id="nav-matching",
    ),
    MenuEntry(
        app="exchange",
        label=_("Complementarity matrix"),
        url_name="matching-matrix",
        menu="exchange",
        order=410,
        kinds={Viewer.NATIONAL},
    ),
)

PANELS = ()


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
