"""Writes of the tenancy app."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .accounts.services import account_set_active
from .history import save_with_history
from .models import ExpertProfile, Membership, Region
from .scoping import unscoped

# What the apps above do when an expert's profile changes (the competition checks conflicts of interest again):
# each registers a callable `hook(profile=…, changed=frozenset of field names, by=user)` from its AppConfig.ready();
# `expert_profile_update` calls them inside its transaction, after the profile is saved.
EXPERT_PROFILE_CHANGED: list[Callable[..., None]] = []
EXPERT_PROFILE_FIELDS = ("affiliation", "region", "is_eligible")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str):
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Choose a valid role.")]})
    _keep_an_admin(membership, new_role=role)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_set_active(*, membership: Membership, active: bool):
    """Deactivate (or reactivate) a member: the account can no longer sign in, its API tokens are revoked and its
    sessions ended; reactivation lets it sign in again, with none of the old tokens."""
    if not active:
        _keep_an_admin(membership, new_role=None)
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    account_set_active(user=membership.user, active=active)  # deactivation revokes its tokens and ends its sessions
    return membership


def _keep_an_admin(membership, *, new_role):
    """An organisation never loses its last active administrator."""
    if membership.role != Membership.Role.ADMIN or new_role == Membership.Role.ADMIN:
        return
    others = (
        unscoped(Membership)
        .select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN, is_active=True)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError({"role": [_("The organisation needs at least one active administrator.")]})


@transaction.atomic
def expert_profile_update(*, profile, by, **changes) -> ExpertProfile:
    """Change an expert's affiliation, region (a Region or its code) or eligibility, recorded in the profile's
    history; then every hook of EXPERT_PROFILE_CHANGED learns which fields changed (none is called when nothing
    did)."""
    unknown = set(changes) - set(EXPERT_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the expert profile's service: {', '.join(sorted(unknown))}")
    locked = unscoped(ExpertProfile).select_for_update().get(pk=profile.pk)
    errors = {}
    if "affiliation" in changes:
        affiliation = (changes["affiliation"] or "").strip()
        if not affiliation:
            errors["affiliation"] = [_("Enter the expert's affiliation.")]
        elif len(affiliation) > 200:
            errors["affiliation"] = [_("Keep the affiliation within 200 characters.")]
        changes["affiliation"] = affiliation
    if "region" in changes:
        region = changes["region"]
        code = getattr(region, "pk", region)
        region = unscoped(Region).filter(pk=code).first() if code else None
        if region is None:
            errors["region"] = [_("Choose a region.")]
        changes["region"] = region
    if errors:
        raise ValidationError(errors)
    changed = set()
    for name, value in changes.items():
        current = locked.region_id if name == "region" else getattr(locked, name)
        new = value.pk if name == "region" else value
        if current != new:
            setattr(locked, name, value)
            changed.add(name)
    if changed:
        save_with_history(locked, by=by, reason=_("Profile changed"))
        for hook in EXPERT_PROFILE_CHANGED:
            hook(profile=locked, changed=frozenset(changed), by=by)
    for name in EXPERT_PROFILE_FIELDS:
        setattr(profile, name, getattr(locked, name))
    return profile
