"""What the exchange app adds to the shell: the menu of work across clusters."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.registry import Menu, MenuEntry, registry
from tenancy.visibility import Viewer

# Organisations' menu of what lies between clusters (enterprises in several clusters, collaborations across
# clusters, partner posts, matchmaking); each concept adds its entries to MENU.
MENUS = (Menu(key="exchange", label=pgettext_lazy("menu", "Across clusters"), order=250),)

MENU = (
    MenuEntry(
        app="exchange",
        label=_("Enterprises in several clusters"),
        url_name="enterprise-list",
        menu="exchange",
        order=100,
        kinds={Viewer.NATIONAL, Viewer.LOCAL},
        element_id="nav-enterprises",
    ),
)

# Matching (exchange/matching): the gaps and partners of the viewer's clusters; the ministry's complementarity matrix.
MENU += (
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

# Collaborations between clusters (exchange/links) and the network of clusters.
from django.utils.translation import gettext_lazy as _links_label  # noqa: E402

from tenancy.registry import MenuEntry as _LinksEntry  # noqa: E402
from tenancy.visibility import Viewer as _LinksViewer  # noqa: E402

MENU += (
    _LinksEntry(
        app="exchange",
        label=_links_label("Collaborations between clusters"),
        url_name="cluster-link-list",
        menu="exchange",
        order=200,
        kinds={_LinksViewer.NATIONAL, _LinksViewer.LOCAL, _LinksViewer.CLUSTER_BODY},
        element_id="nav-cluster-links",
    ),
    _LinksEntry(
        app="exchange",
        label=_links_label("Network of clusters"),
        url_name="cluster-network-page",
        menu="exchange",
        order=210,
        kinds={_LinksViewer.NATIONAL, _LinksViewer.LOCAL},
        element_id="nav-cluster-network",
    ),
)

PANELS = ()


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
