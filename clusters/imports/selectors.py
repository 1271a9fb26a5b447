"""Reads and visibility of bulk imports."""

from django.db.models import Q

from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer


def import_job_visibility(viewer: Viewer) -> Q:
    """Imports are the promotion body's working files: seen by it (any role) and by the ministry only."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


def cluster_imports(*, cluster):
    """The cluster's imports the viewer may see, newest first."""
    from clusters.models import ImportJob

    return ImportJob.objects.filter(cluster=cluster).select_related("created_by").order_by("-created", "-pk")
