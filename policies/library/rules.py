"""Who may do what in the policy library. Reading needs no rule: the scoped querysets hold only what the viewer
may read (library_selectors), so anything else is a 404. Writes are for editors and administrators of the
issuing or owning organisation. What the policy's state allows (an expired policy is read-only, only a draft is
published or deleted…) is the services' check (`services.policy_refusal`), a 409 rather than a 403."""

import rules

from tenancy.rules import is_editor, is_local, is_national, viewer_of


@rules.predicate
def issued_by_own_organisation(user, policy):
    return policy is not None and policy.issuer_id == viewer_of(user).organisation_id


@rules.predicate
def owns_instrument_policy(user, instrument):
    return instrument is not None and issued_by_own_organisation(user, instrument.policy)


@rules.predicate
def owns_toolkit(user, toolkit):
    return toolkit is not None and toolkit.owner_id == viewer_of(user).organisation_id


@rules.predicate
def governs_toolkit_cluster(user, toolkit):
    """The toolkit's cluster still has a region in the owner's jurisdiction: checked on every write, not only when
    the toolkit was put together; the ministry may have moved the cluster's regions since."""
    from clusters.models import ClusterRegion

    prefix = viewer_of(user).jurisdiction_prefix
    return (
        toolkit is not None
        and bool(prefix)
        and ClusterRegion.objects.filter(cluster_id=toolkit.cluster_id, region__code__startswith=prefix).exists()
    )


issues_policies = (is_national | is_local) & is_editor
writes_own_policy = issues_policies & issued_by_own_organisation

rules.add_perm("policies.add_policy", issues_policies)
rules.add_perm("policies.change_policy", writes_own_policy)
rules.add_perm("policies.delete_policy", writes_own_policy)
rules.add_perm("policies.publish_policy", writes_own_policy)
rules.add_perm("policies.expire_policy", writes_own_policy)
rules.add_perm("policies.view_policy_history", rules.is_authenticated)

# Instruments: "add_instrument" without an object asks whether the user may add instruments at all; with a
# policy, whether to that policy.
rules.add_perm("policies.add_instrument", issues_policies)
rules.add_perm("policies.add_instrument_to_policy", writes_own_policy)
rules.add_perm("policies.change_instrument", issues_policies & owns_instrument_policy)
rules.add_perm("policies.delete_instrument", issues_policies & owns_instrument_policy)

writes_own_toolkit = is_local & is_editor & owns_toolkit & governs_toolkit_cluster
rules.add_perm("policies.add_toolkit", is_local & is_editor)
rules.add_perm("policies.change_toolkit", writes_own_toolkit)
rules.add_perm("policies.delete_toolkit", writes_own_toolkit)
