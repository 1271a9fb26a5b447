"""What the exchange app adds to the shell: the menu of work across clusters."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.registry import Menu, MenuEntry, registry
from tenancy.visibility import Viewer

# Organisations' menu of what lies between clusters (enterprises in several clusters, collaborations across
# clusters, partner posts, matchmaking); each concept adds its entries to MENU.
MENUS = (Menu(key="exchange", label=pgettext_lazy("menu", "Across clusters"), order=250),)

MENU = ()

# Partner search (exchange/posts): the marketplace of needs and offers for every organisation, and the clusters a
# promotion body follows.
MENU += (
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
)

PANELS = ()


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
