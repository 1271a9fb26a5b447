"""Who may do what in the policies app (DESIGN §2), concept by concept: the policy library, then cultivation plans.

Reading needs no rule: the scoped querysets hold only what the viewer may read (the concepts' selectors), so anything
else is a 404. These predicates decide writes on objects the viewer can see (a refusal is a 403). What an object's
state allows (an expired policy is read-only, only a draft plan is submitted…) is the services' check, a 409."""

import rules

from tenancy.rules import is_cluster_body, is_editor, is_local, is_national, viewer_of

# The policy library: writes are for editors and administrators of the issuing or owning organisation -----------


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


# Cultivation plans: the owning local governments write them, the ministry decides ---------------------------------


@rules.predicate
def owns_plan(user, plan):
    """The user's organisation is one of the plan's owning local governments."""
    return plan is not None and viewer_of(user).organisation_id in plan.owner_ids


@rules.predicate
def governs_plan_cluster(user, plan):
    """The plan's cluster still has a region in the user's jurisdiction: checked on every write and transition,
    not only when the plan was filed: the ministry may have moved the cluster's regions since."""
    from clusters.models import ClusterRegion

    prefix = viewer_of(user).jurisdiction_prefix
    return (
        plan is not None
        and bool(prefix)
        and ClusterRegion.objects.filter(cluster_id=plan.cluster_id, region__code__startswith=prefix).exists()
    )


writes_plans = is_local & is_editor
writes_own_plan = writes_plans & owns_plan & governs_plan_cluster

rules.add_perm("policies.add_cultivationplan", writes_plans)
rules.add_perm("policies.change_cultivationplan", writes_own_plan)
rules.add_perm("policies.delete_cultivationplan", writes_own_plan)
rules.add_perm("policies.submit_cultivationplan", writes_own_plan)
# The ministry's editors and admins approve or return submitted plans.
rules.add_perm("policies.decide_cultivationplan", is_national & is_editor)
rules.add_perm("policies.view_plan_summary_national", is_national)
# The plan pages are for the ministry, local governments and promotion bodies (experts have no plans to see).
rules.add_perm("policies.view_plans", is_national | is_local | is_cluster_body)
