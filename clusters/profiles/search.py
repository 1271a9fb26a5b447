"""Clusters in global search (tenancy.search): by name and English name, as the viewer's scope lets them read."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.search import register_search

from .models import Cluster


def _url(cluster, viewer):
    route = "register-detail" if viewer.kind == viewer.ANONYMOUS else "cluster-detail"
    return reverse(route, args=[cluster.pk])


def register():
    register_search(
        kind="clusters",
        label=_("Clusters"),
        order=10,
        model=Cluster,
        fields=("name", "name_en"),
        queryset=lambda viewer: Cluster.objects.only("pk", "name", "name_en", "tier"),
        url=_url,
        title=lambda cluster: cluster.display_name,
        context=lambda cluster: cluster.get_tier_display(),
    )
