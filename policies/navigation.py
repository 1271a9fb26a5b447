"""What the policies app adds to the shell: the policy library and cultivation plan links."""

from django.utils.translation import gettext_lazy as _

from tenancy.registry import MenuEntry, registry
from tenancy.visibility import Viewer

MENU = (
    MenuEntry(
        app="policies", label=_("Policy library"), url_name="policy-list", group="public", order=30, signed_in=False
    ),
    MenuEntry(
        app="policies",
        label=_("Cultivation plans"),
        url_name="plan-list",
        order=800,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
        element_id="nav-plans",
    ),
)


def register():
    registry.register_menu(*MENU)
