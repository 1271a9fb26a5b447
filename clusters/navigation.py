"""What the clusters app adds to the shell: the register, layout and cluster links, and the cluster figures and
tables of the ministry's, the local governments' and the promotion bodies' dashboards."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tenancy.registry import DashboardPanel, MenuEntry, registry
from tenancy.visibility import Viewer

from .models import Cluster
from .profiles.selectors import visible_clusters

MENU = (
    MenuEntry(
        app="clusters", label=_("Public register"), url_name="register-list", group="public", order=10, signed_in=False
    ),
    MenuEntry(
        app="clusters",
        label=_("Cluster layout"),
        url_name="layout",
        public_url_name="layout-public",
        group="public",
        order=20,
        signed_in=False,
    ),
    MenuEntry(
        app="clusters",
        label=_("Clusters I review"),
        labels={
            Viewer.NATIONAL: _("All clusters"),
            Viewer.LOCAL: _("Clusters in my jurisdiction"),
            Viewer.CLUSTER_BODY: _("My clusters"),
        },
        url_name="cluster-list",
        order=200,
        kinds={Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT},
    ),
    MenuEntry(
        app="clusters",
        label=_("Observations to verify"),
        url_name="observation-queue",
        order=210,
        kinds={Viewer.NATIONAL, Viewer.LOCAL},
    ),
)


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
    registry.register_menu(*MENU)
    registry.register_panels(*PANELS)
