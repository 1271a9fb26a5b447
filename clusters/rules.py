import rules

from tenancy.rules import is_cluster_body, is_editor, is_local, is_national, viewer_of


@rules.predicate
def promotes_cluster(user, cluster):
    return cluster is not None and cluster.promotion_body_id == viewer_of(user).organisation_id


rules.add_perm("clusters.change_cluster", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.change_cluster_tier", is_national & is_editor)
rules.add_perm("clusters.view_cluster_history", rules.is_authenticated)

# Field-level write rules, declared once: which governments supervise a cluster (its regions), its tier, whether
# the public register shows it and who promotes it are the ministry's to decide, not the promotion body's. The
# profile service refuses a change of any of them by someone without the rule (a field error, 400, nothing
# saved) and the profile form does not offer them to such a user.
writes_cluster_standing = is_national & is_editor
rules.add_perm("clusters.change_cluster_regions", writes_cluster_standing)
rules.add_perm("clusters.change_cluster_publicity", writes_cluster_standing)
rules.add_perm("clusters.change_cluster_promotion_body", writes_cluster_standing)
# The ministry's governance page and API change these fields together (with a reason kept in the history).
rules.add_perm("clusters.govern_cluster", writes_cluster_standing)
CLUSTER_FIELD_RULES = {
    "regions": "clusters.change_cluster_regions",
    "tier": "clusters.change_cluster_tier",
    "is_public": "clusters.change_cluster_publicity",
    "promotion_body": "clusters.change_cluster_promotion_body",
}


def refused_cluster_fields(user, cluster, names):
    """The fields among `names` that `user` may not write on `cluster`."""
    return [
        name for name in names if name in CLUSTER_FIELD_RULES and not user.has_perm(CLUSTER_FIELD_RULES[name], cluster)
    ]


@rules.predicate
def promotes_parent_cluster(user, obj):
    """For rows that belong to a cluster (chain links, milestones, members, …)."""
    return obj is not None and obj.cluster.promotion_body_id == viewer_of(user).organisation_id


rules.add_perm("clusters.add_cluster", is_national & is_editor)
rules.add_perm("clusters.add_cluster_part", is_cluster_body & is_editor)  # then change_cluster on the cluster named
rules.add_perm("clusters.change_cluster_part", is_cluster_body & is_editor & promotes_parent_cluster)


# Observation platform: the promoting cluster body (editor or admin) records its clusters' observations.
@rules.predicate
def promotes_observed_cluster(user, observation):
    return observation is not None and promotes_cluster(user, observation.cluster)


rules.add_perm("clusters.add_observation", is_cluster_body & is_editor)
rules.add_perm("clusters.record_observations", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.change_observation", is_cluster_body & is_editor & promotes_observed_cluster)
rules.add_perm("clusters.delete_observation", is_cluster_body & is_editor & promotes_observed_cluster)


# Verification of observations: the body submits; the local government with jurisdiction over the cluster (a
# region of the cluster under the government's region, checked at each step) or the ministry verifies or returns.
# What state the observation must be in is the services' check (a Refusal, 409).
@rules.predicate
def governs_observed_cluster(user, observation):
    from clusters.models import ClusterRegion

    prefix = viewer_of(user).jurisdiction_prefix
    return (
        observation is not None
        and bool(prefix)
        and ClusterRegion.objects.filter(cluster_id=observation.cluster_id, region__code__startswith=prefix).exists()
    )


verifies_observations = is_editor & (is_national | is_local)
rules.add_perm("clusters.submit_observation", is_cluster_body & is_editor & promotes_observed_cluster)
rules.add_perm("clusters.verify_observations", verifies_observations)  # the review queue (no object)
rules.add_perm("clusters.verify_observation", is_editor & (is_national | (is_local & governs_observed_cluster)))
# Network analysis: the promoting cluster body and the ministry (editors and admins) run it; whoever sees the
# cluster reads it. The first rule is the one without a cluster (may this user run analyses at all?).
rules.add_perm("clusters.run_network_analyses", is_editor & (is_cluster_body | is_national))
rules.add_perm("clusters.run_network_analysis", is_editor & ((is_cluster_body & promotes_cluster) | is_national))

# Bulk imports: the promotion body's editors and admins import into its clusters; it and the ministry see them.
rules.add_perm("clusters.add_importjob", is_cluster_body & is_editor)
rules.add_perm("clusters.import_into_cluster", is_cluster_body & is_editor & promotes_cluster)
rules.add_perm("clusters.view_imports", is_national | (is_cluster_body & promotes_cluster))


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

# The national benchmark: the ministry, the local governments and the promotion bodies read the standing of the
# clusters they may see (the cluster's visibility decides which); an expert does not.
rules.add_perm("clusters.view_benchmark", is_national | is_local | is_cluster_body)
