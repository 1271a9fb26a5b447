"""What the policies app adds to the shell: the plans and policies menu (cultivation plans, their summary, the policy
library and the toolkits)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.registry import DashboardPanel, Menu, MenuEntry, registry
from tenancy.visibility import Viewer

from .models import Policy

ORGANISATIONS = {Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY}

MENUS = (Menu(key="plans", label=pgettext_lazy("menu", "Plans & policies"), order=400),)

MENU = (
    MenuEntry(
        app="policies",
        label=_("Cultivation plans"),
        url_name="plan-list",
        menu="plans",
        order=100,
        kinds=ORGANISATIONS,
        element_id="nav-plans",
    ),
    MenuEntry(
        app="policies",
        label=_("Plan versus actual"),
        url_name="plan-summary",
        menu="plans",
        order=110,
        kinds={Viewer.NATIONAL, Viewer.LOCAL},
        element_id="nav-plan-summary",
    ),
    MenuEntry(
        app="policies",
        label=_("Policy library"),
        url_name="policy-list",
        menu="plans",
        menus={Viewer.ANONYMOUS: "", Viewer.EXPERT: "public"},
        order=200,
        signed_in=False,
        element_id="nav-policies",
    ),
    MenuEntry(
        app="policies",
        label=_("Policy toolkits"),
        url_name="toolkit-list",
        menu="plans",
        order=210,
        kinds=ORGANISATIONS,
    ),
)


def published_policies(request, viewer):
    """The latest published policies (the public home page)."""
    latest = (
        Policy.objects.filter(status=Policy.Status.PUBLISHED).select_related("issuer").order_by("-issued_on", "-pk")
    )
    return {"policies": list(latest[:5])}


PANELS = (
    DashboardPanel(
        app="policies",
        key="home-published-policies",
        template="policies/home/_published_policies.html",
        kinds={Viewer.ANONYMOUS},
        context=published_policies,
        order=40,
    ),
)


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
