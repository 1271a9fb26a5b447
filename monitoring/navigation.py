"""What the monitoring app adds to the shell: the monitoring link."""

from django.utils.translation import gettext_lazy as _

from tenancy.registry import MenuEntry, registry
from tenancy.visibility import Viewer

MONITORING_MENU = (
    MenuEntry(
        app="monitoring",
        label=_("Monitoring"),
        url_name="monitoring-evaluation-list",
        order=700,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
        element_id="nav-monitoring",
    ),
)


def register():
    registry.register_menu(*MONITORING_MENU)
