"""Who may do what in the tenancy app; predicates shared by every app."""

import rules

from .visibility import Viewer


def viewer_of(user) -> Viewer:
    return Viewer.for_user(user)


@rules.predicate
def is_national(user):
    return viewer_of(user).is_national


@rules.predicate
def is_local(user):
    return viewer_of(user).is_local


@rules.predicate
def is_cluster_body(user):
    return viewer_of(user).is_cluster_body


@rules.predicate
def is_expert(user):
    return viewer_of(user).is_expert


@rules.predicate
def is_org_admin(user):
    return viewer_of(user).role == "admin"


@rules.predicate
def is_editor(user):
    return viewer_of(user).can_write


@rules.predicate
def has_organisation(user):
    return viewer_of(user).organisation_id is not None


@rules.predicate
def is_same_organisation(user, membership):
    return membership is not None and membership.organisation_id == viewer_of(user).organisation_id


@rules.predicate
def owns_api_token(user, token):
    return token is not None and token.user_id == user.pk


@rules.predicate
def is_self(user, membership):
    return membership is not None and membership.user_id == user.pk


rules.add_perm("tenancy.view_members", has_organisation)
rules.add_perm("tenancy.manage_members", is_org_admin)
rules.add_perm("tenancy.manage_invitations", is_org_admin)
rules.add_perm("tenancy.change_membership", is_org_admin & is_same_organisation & ~is_self)
rules.add_perm("tenancy.view_expert_pool", is_national)


@rules.predicate
def is_own_expert_profile(user, profile):
    return profile is not None and profile.user_id == user.pk


# The ministry's editors and admins keep the expert pool; an expert changes their own profile (not eligibility).
rules.add_perm("tenancy.manage_experts", is_national & is_editor)
rules.add_perm("tenancy.change_own_expert_profile", is_expert)
rules.add_perm("tenancy.change_expert_profile", (is_national & is_editor) | (is_expert & is_own_expert_profile))
# Whoever reads a notification (the scoped queryset: their organisation's) marks it read for themselves.
rules.add_perm("tenancy.mark_notification_read", rules.is_authenticated)
rules.add_perm("tenancy.start_export", rules.is_authenticated)  # what the list shows them; its own checks decide
# A user revokes their own API tokens (the list holds no one else's: another's is a 404 before this rule).
rules.add_perm("tenancy.revoke_api_token", rules.is_authenticated & owns_api_token)


@rules.predicate
def manages_organisations(user):
    from .organisations.selectors import may_manage_any

    return may_manage_any(viewer_of(user))


@rules.predicate
def manages_organisation(user, organisation):
    from .organisations.selectors import may_manage

    return organisation is not None and may_manage(viewer_of(user), organisation)


# The organisation directory: the ministry's administrators manage every organisation, a provincial government's
# administrators the local governments below it (never a promotion body, never outside their province).
rules.add_perm("tenancy.add_organisation", manages_organisations)
rules.add_perm("tenancy.change_organisation", manages_organisation)


@rules.predicate
def onboards(user):
    from .onboarding.selectors import kinds_for

    return bool(kinds_for(user))


# Bulk onboarding: whoever may add organisations (the ministry's and a province's administrators) or experts (the
# ministry's editors) uploads files of them.
rules.add_perm("tenancy.onboard", onboards)
