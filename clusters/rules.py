import rules

from tenancy.rules import is_cluster_body, is_editor, is_national, viewer_of


@rules.predicate
def promotes_cluster(user, cluster):
    return cluster is not None and cluster.promotion_body_id == viewer_of(user).organisation_id


rules.add_perm("clusters.change_cluster", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.change_cluster_tier", is_national & is_editor)
rules.add_perm("clusters.view_cluster_history", rules.is_authenticated)


@rules.predicate
def promotes_owning_cluster(user, row):
    """A cluster's rows (members, collaborations) are written by the body that promotes the cluster."""
    return row is not None and promotes_cluster(user, row.cluster)


# Members and collaborations. Adding: first "may add to some cluster" (no object), then the cluster itself
# ("change_cluster_network"); changing and deleting: the row.
writes_cluster_rows = is_cluster_body & is_editor
rules.add_perm("clusters.add_member", writes_cluster_rows)
rules.add_perm("clusters.add_collaboration", writes_cluster_rows)
rules.add_perm("clusters.change_cluster_network", writes_cluster_rows & promotes_cluster)
rules.add_perm("clusters.change_member", writes_cluster_rows & promotes_owning_cluster)
rules.add_perm("clusters.delete_member", writes_cluster_rows & promotes_owning_cluster)
rules.add_perm("clusters.change_collaboration", writes_cluster_rows & promotes_owning_cluster)
rules.add_perm("clusters.delete_collaboration", writes_cluster_rows & promotes_owning_cluster)
