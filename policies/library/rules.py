"""Who may do what in the policy library. Reading needs no rule: the scoped querysets hold only what the viewer
may read (library_selectors), so anything else is a 404. Writes are for editors and administrators of the
issuing or owning organisation; an expired policy is read-only."""

import rules

from tenancy.rules import is_editor, is_local, is_national, viewer_of


@rules.predicate
def issued_by_own_organisation(user, policy):
    return policy is not None and policy.issuer_id == viewer_of(user).organisation_id


@rules.predicate
def is_draft(user, policy):
    return policy is not None and policy.status == "draft"


@rules.predicate
def is_published(user, policy):
    return policy is not None and policy.status == "published"


@rules.predicate
def is_not_expired(user, policy):
    return policy is not None and policy.status != "expired"


@rules.predicate
def owns_instrument_policy(user, instrument):
    return instrument is not None and issued_by_own_organisation(user, instrument.policy)


@rules.predicate
def instrument_policy_not_expired(user, instrument):
    return instrument is not None and instrument.policy.status != "expired"


@rules.predicate
def owns_toolkit(user, toolkit):
    return toolkit is not None and toolkit.owner_id == viewer_of(user).organisation_id


issues_policies = (is_national | is_local) & is_editor

rules.add_perm("policies.add_policy", issues_policies)
rules.add_perm("policies.change_policy", issues_policies & issued_by_own_organisation & is_not_expired)
rules.add_perm("policies.delete_policy", issues_policies & issued_by_own_organisation & is_draft)
rules.add_perm("policies.publish_policy", issues_policies & issued_by_own_organisation & is_draft)
rules.add_perm("policies.expire_policy", issues_policies & issued_by_own_organisation & is_published)
rules.add_perm("policies.view_policy_history", rules.is_authenticated)

# Instruments: "add_instrument" without an object asks whether the user may add instruments at all; with a
# policy, whether to that policy.
rules.add_perm("policies.add_instrument", issues_policies)
rules.add_perm("policies.add_instrument_to_policy", issues_policies & issued_by_own_organisation & is_not_expired)
rules.add_perm("policies.change_instrument", issues_policies & owns_instrument_policy & instrument_policy_not_expired)
rules.add_perm("policies.delete_instrument", issues_policies & owns_instrument_policy & instrument_policy_not_expired)

rules.add_perm("policies.add_toolkit", is_local & is_editor)
rules.add_perm("policies.change_toolkit", is_local & is_editor & owns_toolkit)
rules.add_perm("policies.delete_toolkit", is_local & is_editor & owns_toolkit)
