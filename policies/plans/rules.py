"""Who may do what with cultivation plans (DESIGN §2). Reading is the plan's visibility (plans_selectors);
these rules say who may change a plan they can see. What state the plan must be in is the services' check."""

import rules

from tenancy.rules import is_cluster_body, is_editor, is_local, is_national, viewer_of


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
