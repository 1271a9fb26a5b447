"""What the clusters app adds to the shell: the register, layout and cluster links, and the cluster figures and
tables of the ministry's, the local governments' and the promotion bodies' dashboards."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenancy.registry import DashboardPanel, Menu, MenuEntry, registry
from tenancy.visibility import Viewer

from .models import Cluster
from .profiles.selectors import visible_clusters

# The task menu of the clusters, which the monitoring pages join; an expert's review work is its menu too.
MENUS = (
    Menu(
        key="clusters",
        label=pgettext_lazy("menu", "Clusters"),  # 集群与监测: the monitoring pages join it
        labels={Viewer.EXPERT: pgettext_lazy("menu", "Review")},
        order=200,
    ),
)

# Where the public pages go: a visitor's bar shows them as links of their own, an expert's public information menu
# holds them, everyone else finds them in the task menu they belong to.
PUBLIC_PLACES = {Viewer.ANONYMOUS: "", Viewer.EXPERT: "public"}

MENU = (
    MenuEntry(
        app="clusters",
        label=_("Clusters I review"),
        labels={
            Viewer.NATIONAL: _("All clusters"),
            Viewer.LOCAL: _("Clusters in my jurisdiction"),
            Viewer.CLUSTER_BODY: _("My clusters"),
        },
        url_name="cluster-list",
        menu="clusters",
        order=100,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT},
        element_id="nav-clusters",
    ),
    MenuEntry(
        app="clusters",
        label=_("Compare clusters"),
        url_name="cluster-compare",
        menu="clusters",
        order=110,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
    ),
    MenuEntry(
        app="clusters",
        label=_("National benchmark"),
        url_name="benchmark-list",
        menu="clusters",
        order=115,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY},
        element_id="nav-benchmark",
    ),
    MenuEntry(
        app="clusters",
        label=_("Observations to verify"),
        url_name="observation-queue",
        menu="clusters",
        order=120,
        kinds={Viewer.NATIONAL, Viewer.LOCAL},
        paths=("/observations/",),
    ),
    MenuEntry(
        app="clusters",
        label=_("Cluster layout"),
        url_name="layout",
        public_url_name="layout-public",
        menu="clusters",
        menus=PUBLIC_PLACES,
        order=130,
        signed_in=False,
    ),
    MenuEntry(
        app="clusters",
        label=_("Public register"),
        url_name="register-list",
        menu="clusters",
        menus=PUBLIC_PLACES,
        order=140,
        signed_in=False,
        element_id="nav-register",
    ),
)


# The public home page -----------------------------------------------------------------------------------------------

# The seed article's facts: the competition began in 2019, and its finals named 25 winning clusters.
FIRST_COMPETITION_YEAR = "2019"
FIRST_WINNERS = "25"


def programme(request, viewer):
    """What the programme is, from the seed article: its start, its first winners, the six formation mechanisms (the
    diagnostic's axes) and the three levels' duties (in the template)."""
    from .diagnostic.axes import AXES

    return {
        "first_year": FIRST_COMPETITION_YEAR,
        "first_winners": FIRST_WINNERS,
        "mechanisms": [(label, mechanism) for _key, label, mechanism, *_rest in AXES],
    }


def national_map(request, viewer):
    """The national-level clusters of the public register on the province tiles of the public layout page."""
    from django.http import QueryDict
    from django.urls import reverse

    from .layout.selectors import filter_layout_form, layout_for
    from .profiles.selectors import public_register

    form, provinces, fields = filter_layout_form(QueryDict(), public=True)
    form.is_valid()
    layout = layout_for(
        clusters=public_register(),
        viewer=None,
        filters=form.layout_filters(),
        provinces=provinces,
        fields=fields,
        public=True,
    )
    return {"layout": layout, "page_url": reverse("layout-public")}


def cluster_figures(request, viewer):
    clusters = visible_clusters()
    data = {"cluster_count": clusters.count()}
    if viewer.is_national:
        tiers = dict(clusters.order_by().values_list("tier").annotate(n=Count("id")))
        data["tier_counts"] = [(label, tiers.get(value, 0)) for value, label in Cluster.Tier.choices]
    return data


def cluster_table(request, viewer):
    return {"clusters": visible_clusters()[:20]}


PANELS = (
    DashboardPanel(
        app="clusters",
        key="home-programme",
        template="clusters/home/_programme.html",
        kinds={Viewer.ANONYMOUS},
        context=programme,
        order=10,
    ),
    DashboardPanel(
        app="clusters",
        key="home-national-map",
        template="clusters/home/_national_map.html",
        kinds={Viewer.ANONYMOUS},
        context=national_map,
        order=20,
    ),
    DashboardPanel(
        app="clusters",
        key="national-figures",
        template="clusters/dashboard/_national_figures.html",
        kinds={Viewer.NATIONAL},
        context=cluster_figures,
        area="stats",
        order=10,
    ),
    DashboardPanel(
        app="clusters",
        key="local-figures",
        template="clusters/dashboard/_local_figures.html",
        kinds={Viewer.LOCAL},
        context=cluster_figures,
        area="stats",
        order=10,
    ),
    DashboardPanel(
        app="clusters",
        key="national-clusters",
        template="clusters/dashboard/_national_clusters.html",
        kinds={Viewer.NATIONAL},
        context=cluster_table,
        order=20,
    ),
    DashboardPanel(
        app="clusters",
        key="local-clusters",
        template="clusters/dashboard/_local_clusters.html",
        kinds={Viewer.LOCAL},
        context=cluster_table,
        order=20,
    ),
    DashboardPanel(
        app="clusters",
        key="cluster-body-clusters",
        template="clusters/dashboard/_cluster_body_clusters.html",
        kinds={Viewer.CLUSTER_BODY},
        context=cluster_table,
        order=20,
    ),
)


def register():
    registry.register_menus(*MENUS)
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
