"""Members in global search (tenancy.search): by name, English name and credit code, within the clusters the
viewer may read (visitors see no members)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.search import register_search

from .models import Member


def register():
    register_search(
        kind="members",
        label=_("Members"),
        order=20,
        model=Member,
        fields=("name", "name_en", "credit_code"),
        # Only what a hit shows and is ranked by: up to 200 rows are read for a broad query.
        queryset=lambda viewer: Member.objects.select_related("cluster").only(
            "pk", "cluster_id", "name", "name_en", "credit_code", "cluster__name", "cluster__name_en"
        ),
        url=lambda member, viewer: reverse("cluster-member-detail", args=[member.cluster_id, member.pk]),
        title=str,
        context=lambda member: " · ".join(filter(None, [member.credit_code, member.cluster.display_name])),
    )
