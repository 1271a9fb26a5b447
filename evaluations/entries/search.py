"""Competition entries in global search (tenancy.search): found by their cluster's name, among the entries the
viewer may read. Experts are left out: in a blind review an entry's cluster is what they must not learn."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.search import register_search

from .models import Submission


def _entries(viewer):
    if viewer.is_expert or viewer.kind == viewer.ANONYMOUS:
        return None
    return Submission.objects.select_related("cluster", "round__competition", "track__field")


def register():
    register_search(
        kind="entries",
        label=_("Competition entries"),
        order=50,
        model=Submission,
        via=("cluster",),
        rank=("cluster.name", "cluster.name_en"),
        queryset=_entries,
        url=lambda entry, viewer: reverse("entry-detail", args=[entry.pk]),
        title=lambda entry: entry.cluster.display_name,
        context=lambda entry: f"{entry.round.competition} · {entry.round} · {entry.get_status_display()}",
    )
