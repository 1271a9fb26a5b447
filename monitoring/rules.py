"""Who may do what in monitoring and dynamic adjustment. Reading is the selectors' business (a hidden object is a
404); these predicates decide writes on objects the viewer can see (a refusal is a 403)."""

import rules

from tenancy.rules import is_cluster_body, is_editor, is_local, is_national, viewer_of


@rules.predicate
def answers_for_cluster(user, cluster):
    """The cluster's promotion body, or a local government with one of the cluster's regions in its jurisdiction:
    checked when the note is filed, whatever the cluster's regions and body were when the decision was taken."""
    from clusters.models import ClusterRegion

    viewer = viewer_of(user)
    if cluster is None or viewer.organisation_id is None:
        return False
    if viewer.is_cluster_body:
        return cluster.promotion_body_id == viewer.organisation_id
    prefix = viewer.jurisdiction_prefix
    return (
        viewer.is_local
        and bool(prefix)
        and ClusterRegion.objects.filter(cluster_id=cluster.pk, region__code__startswith=prefix).exists()
    )


# Monitoring (issue 6): the ministry's editors run evaluations and create method versions; reading is the
# selectors' business (local governments and cluster bodies read their clusters' results).
rules.add_perm("monitoring.run_monitoring", is_national & is_editor)
rules.add_perm("monitoring.add_monitoringmethod", is_national & is_editor)

# Dynamic adjustment (adjustment part) ------------------------------------------------------------------------------
# The ministry's editors decide keep / warn / drop on a monitoring result and read the dashboard and the summary;
# a promotion body or a supervising local government (editors) answers with a rectification note: first "may file
# notes at all" (no object), then the cluster ("rectify_cluster", re-checked by the service). A cluster the viewer
# does not see is a 404 before that.
rules.add_perm("monitoring.decide_adjustment", is_national & is_editor)
rules.add_perm("monitoring.view_monitoring_dashboard", is_national)
rules.add_perm("monitoring.add_rectification", (is_cluster_body | is_local) & is_editor)
rules.add_perm("monitoring.rectify_cluster", (is_cluster_body | is_local) & is_editor & answers_for_cluster)
rules.add_perm("monitoring.view_adjustment_history", rules.is_authenticated)
