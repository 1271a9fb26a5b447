"""Writes of the tenancy app."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .accounts.services import account_set_active
from .history import save_with_history
from .models import ExpertProfile, IndustryField, Membership, Region
from .scoping import unscoped

# What the apps above do when an expert's profile changes (the competition checks conflicts of interest again):
# each registers a callable `hook(profile=…, changed=frozenset of field names, by=user)` from its AppConfig.ready();
# `expert_profile_update` calls them inside its transaction, after the profile is saved.
EXPERT_PROFILE_CHANGED: list[Callable[..., None]] = []
EXPERT_PROFILE_FIELDS = ("affiliation", "region", "is_eligible", "title", "phone", "fields")
# What an expert changes on their own profile: everything but the ministry's eligibility check.
EXPERT_SELF_SERVICE_FIELDS = ("affiliation", "region", "title", "phone", "fields")
TEXT_LIMITS = {"title": 100, "phone": 40}


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
    """Change an expert's affiliation, region (a Region or its code), title, phone, industry fields (IndustryFields
    or their codes) or eligibility, recorded in the profile's history; then every hook of EXPERT_PROFILE_CHANGED
    learns which fields changed (none is called when nothing did). Bad input raises a field-level ValidationError
    and changes nothing."""
    unknown = set(changes) - set(EXPERT_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the expert profile's service: {', '.join(sorted(unknown))}")
    locked = unscoped(ExpertProfile).select_for_update().get(pk=profile.pk)
    errors = expert_profile_errors(changes)
    if errors:
        raise ValidationError(errors)
    changed = set()
    for name, value in changes.items():
        if name == "fields":
            if set(value) != set(locked.fields.values_list("pk", flat=True)):
                changed.add(name)
            continue
        current = locked.region_id if name == "region" else getattr(locked, name)
        new = value.pk if name == "region" else value
        if current != new:
            setattr(locked, name, value)
            changed.add(name)
    if changed:
        save_with_history(locked, by=by, reason=_("Profile changed"))
        if "fields" in changed:
            locked._history_user = by  # the record of the fields' change (simple-history writes one per m2m change)
            locked.fields.set(changes["fields"])
        for hook in EXPERT_PROFILE_CHANGED:
            hook(profile=locked, changed=frozenset(changed), by=by)
    for name in EXPERT_PROFILE_FIELDS:
        if name != "fields":
            setattr(profile, name, getattr(locked, name))
    return profile


def expert_profile_errors(changes: dict) -> dict:
    """Clean `changes` in place (text stripped, the region and the fields looked up) and return the field errors."""
    errors = {}
    if "affiliation" in changes:
        affiliation = (changes["affiliation"] or "").strip()
        if not affiliation:
            errors["affiliation"] = [_("Enter the expert's affiliation.")]
        elif len(affiliation) > 200:
            errors["affiliation"] = [_("Keep the affiliation within 200 characters.")]
        changes["affiliation"] = affiliation
    for name, limit in TEXT_LIMITS.items():
        if name in changes:
            changes[name] = (changes[name] or "").strip()
            if len(changes[name]) > limit:
                errors[name] = [_("Keep this within %(limit)d characters.") % {"limit": limit}]
    if "region" in changes:
        region = changes["region"]
        code = getattr(region, "pk", region)
        region = unscoped(Region).filter(pk=code).first() if code else None
        if region is None:
            errors["region"] = [_("Choose a region.")]
        changes["region"] = region
    if "fields" in changes:
        codes = {getattr(field, "pk", field) for field in changes["fields"] or ()}
        known = set(IndustryField.objects.filter(pk__in=codes).values_list("pk", flat=True))
        if codes - known:
            errors["fields"] = [
                _("Unknown industry field: %(codes)s.") % {"codes": ", ".join(sorted(map(str, codes - known)))}
            ]
        changes["fields"] = sorted(known)
    return errors
