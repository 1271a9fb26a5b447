"""What the exchange app adds to the shell: the menu of work across clusters."""

from django.utils.translation import pgettext_lazy

from tenancy.registry import Menu, registry

# Organisations' menu of what lies between clusters (enterprises in several clusters, collaborations across
# clusters, partner posts, matchmaking); each concept adds its entries to MENU.
MENUS = (Menu(key="exchange", label=pgettext_lazy("menu", "Across clusters"), order=250),)

MENU = ()

PANELS = ()


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
