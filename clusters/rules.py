import rules

from tenancy.rules import is_cluster_body, is_editor, is_national, viewer_of


@rules.predicate
def promotes_cluster(user, cluster):
    return cluster is not None and cluster.promotion_body_id == viewer_of(user).organisation_id


rules.add_perm("clusters.change_cluster", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.change_cluster_tier", is_national & is_editor)
rules.add_perm("clusters.view_cluster_history", rules.is_authenticated)

# Network analysis: the promoting cluster body and the ministry (editors and admins) run it; whoever sees the
# cluster reads it. The first rule is the one without a cluster (may this user run analyses at all?).
rules.add_perm("clusters.run_network_analyses", is_editor & (is_cluster_body | is_national))
rules.add_perm("clusters.run_network_analysis", is_editor & ((is_cluster_body & promotes_cluster) | is_national))
