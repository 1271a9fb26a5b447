import rules

from tenancy.rules import is_cluster_body, is_editor, is_national, viewer_of


@rules.predicate
def promotes_cluster(user, cluster):
    return cluster is not None and cluster.promotion_body_id == viewer_of(user).organisation_id


rules.add_perm("clusters.change_cluster", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.change_cluster_tier", is_national & is_editor)
rules.add_perm("clusters.view_cluster_history", rules.is_authenticated)

# Bulk imports: the promotion body's editors and admins import into its clusters; it and the ministry see them.
rules.add_perm("clusters.add_importjob", is_cluster_body & is_editor)
rules.add_perm("clusters.import_into_cluster", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.view_imports", is_national | (is_cluster_body & promotes_cluster))
