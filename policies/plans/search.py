"""Cultivation plans in global search (tenancy.search): by title, and by their cluster's name, among the plans the
viewer may read."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.search import register_search

from .models import CultivationPlan


def register():
    register_search(
        kind="plans",
        label=_("Cultivation plans"),
        order=40,
        model=CultivationPlan,
        fields=("title",),
        via=("cluster",),
        rank=("title", "cluster.name", "cluster.name_en"),
        queryset=lambda viewer: CultivationPlan.objects.select_related("cluster").only(
            "pk", "title", "status", "cluster__name", "cluster__name_en"
        ),
        url=lambda plan, viewer: reverse("plan-detail", args=[plan.pk]),
        title=str,
        context=lambda plan: f"{plan.cluster.display_name} · {plan.get_status_display()}",
    )
