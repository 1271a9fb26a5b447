"""What the monitoring app adds to the shell: its pages in the clusters menu (the evaluations, the ministry's
dashboard of warnings and decisions, the methods and the early-warning rules)."""

from django.utils.translation import gettext_lazy as _

from tenancy.registry import MenuEntry, registry
from tenancy.visibility import Viewer

ORGANISATIONS = {Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY}

MONITORING_MENU = (
    MenuEntry(
        app="monitoring",
        label=_("Monitoring evaluations"),
        url_name="monitoring-evaluation-list",
        menu="clusters",
        order=300,
        kinds=ORGANISATIONS,
        element_id="nav-monitoring",
        paths=("/monitoring/",),
    ),
    MenuEntry(
        app="monitoring",
        label=_("Monitoring dashboard"),
        url_name="monitoring-dashboard",
        menu="clusters",
        order=310,
        kinds={Viewer.NATIONAL},
        element_id="nav-monitoring-dashboard",
    ),
    MenuEntry(
        app="monitoring",
        label=_("Monitoring methods"),
        url_name="monitoring-method-list",
        menu="clusters",
        order=320,
        kinds=ORGANISATIONS,
    ),
    MenuEntry(
        app="monitoring",
        label=_("Early-warning rules"),
        url_name="monitoring-rules",
        menu="clusters",
        order=330,
        kinds=ORGANISATIONS,
    ),
)


def register():
    registry.register_menu(*MONITORING_MENU)
