"""Writes of the ministry's expert pool: add an expert (with an invitation to set a password), change their profile
(the ministry, or the expert their own), deactivate or reactivate them, invite them again.

Every profile change goes through `expert_profile_update`, so the apps above re-check conflicts of
interest of the expert's open assignments after a change of affiliation or region."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tenancy.accounts.services import account_set_active
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.invitations.services import invite
from tenancy.models import ExpertProfile, IndustryField, Region
from tenancy.scoping import unscoped

# What the apps above do when an expert's profile changes (the competition checks conflicts of interest again):
# each registers a callable `hook(profile=…, changed=frozenset of field names, by=user)` from its AppConfig.ready();
# `expert_profile_update` calls them inside its transaction, after the profile is saved.
EXPERT_PROFILE_CHANGED: list[Callable[..., None]] = []
EXPERT_PROFILE_FIELDS = ("affiliation", "region", "is_eligible", "title", "phone", "fields")
# What an expert changes on their own profile: everything but the ministry's eligibility check.
EXPERT_SELF_SERVICE_FIELDS = ("affiliation", "region", "title", "phone", "fields")
TEXT_LIMITS = {"title": 100, "phone": 40}
USER_FIELDS = ("full_name", "email")


def _split_name(full_name: str) -> tuple[str, str]:
    """A Chinese full name is kept whole in first_name (get_full_name() then reads it back unchanged)."""
    return (full_name or "").strip()[:150], ""


def account_errors(*, username=None, email=None, full_name=None, exclude_user=None) -> dict:
    """Field errors of an expert's account: a username and an e-mail address no other account has."""
    User = get_user_model()
    errors = {}
    others = User._default_manager.exclude(pk=getattr(exclude_user, "pk", None))
    if username is not None:
        if not username.strip():
            errors["username"] = [_("Enter a username.")]
        elif others.filter(username__iexact=username.strip()).exists():
            errors["username"] = [_("An account with this username exists already.")]
    if email is not None:
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
        else:
            if others.filter(email__iexact=email).exists():
                errors["email"] = [_("An account with this e-mail address exists already.")]
    if full_name is not None and not full_name.strip():
        errors["full_name"] = [_("Enter the expert's name.")]
    return errors


@transaction.atomic
def expert_create(
    *,
    username,
    email,
    full_name,
    affiliation,
    region,
    by,
    fields=(),
    title="",
    phone="",
    send_invitation=True,
    language="zh-hans",
) -> ExpertProfile:
    """Add an expert to the pool: an account without a usable password and its profile (not yet eligible); with
    `send_invitation` the expert receives the single-use link to set their password."""
    profile_changes = {"affiliation": affiliation, "region": region, "fields": fields, "title": title, "phone": phone}
    errors = account_errors(username=username, email=email, full_name=full_name)
    errors.update(expert_profile_errors(profile_changes))
    if errors:
        raise ValidationError(errors)
    first_name, last_name = _split_name(full_name)
    user = get_user_model()(username=username.strip(), email=email.strip(), first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    profile = ExpertProfile(
        user=user,
        affiliation=profile_changes["affiliation"],
        region=profile_changes["region"],
        title=profile_changes["title"],
        phone=profile_changes["phone"],
    )
    profile._history_user = by
    profile.save()
    profile.fields.set(profile_changes["fields"])
    if send_invitation:
        invite(user=user, invited_by=by, organisation=None, language=language)
    return profile


def _update_account(profile, *, by, changes) -> None:
    user_changes = {name: changes.pop(name) for name in USER_FIELDS if name in changes}
    if not user_changes:
        return
    errors = account_errors(exclude_user=profile.user, **user_changes)
    if errors:
        raise ValidationError(errors)
    user = get_user_model()._default_manager.select_for_update().get(pk=profile.user_id)
    if "full_name" in user_changes:
        user.first_name, user.last_name = _split_name(user_changes["full_name"])
    if "email" in user_changes:
        user.email = user_changes["email"].strip()
    user.save(update_fields=["first_name", "last_name", "email"])
    profile.user = user


@transaction.atomic
def expert_update(*, profile, by, **changes) -> ExpertProfile:
    """The ministry changes an expert's name, e-mail address or profile (eligibility included). Every error of the
    whole change is raised together, before anything is written."""
    errors = account_errors(
        exclude_user=profile.user, **{name: changes[name] for name in USER_FIELDS if name in changes}
    )
    profile_changes = {name: value for name, value in changes.items() if name not in USER_FIELDS}
    errors.update(expert_profile_errors(dict(profile_changes)))
    if errors:
        raise ValidationError(errors)
    _update_account(profile, by=by, changes=changes)
    return expert_profile_update(profile=profile, by=by, **profile_changes)


@transaction.atomic
def expert_self_update(*, profile, by, **changes) -> ExpertProfile:
    """An expert changes their own profile: affiliation, region, fields, title and contact (phone); never their
    eligibility, which is the ministry's check."""
    if profile.user_id != by.pk:
        raise PermissionDenied(_("An expert changes only their own profile."))
    refused = set(changes) - set(EXPERT_SELF_SERVICE_FIELDS)
    if refused:
        raise ValidationError({name: [_("Only the ministry changes this.")] for name in sorted(refused)})
    return expert_profile_update(profile=profile, by=by, **changes)


@transaction.atomic
def expert_set_active(*, profile, active: bool, by) -> ExpertProfile:
    """Deactivate (or reactivate) an expert: a deactivated expert cannot sign in and is given no new assignment.
    Their open assignments stay, listed for the ministry on the expert's page and counted in the pool, which
    replaces them (remove, then assign again) while reviews already written are kept."""
    User = get_user_model()
    user = User._default_manager.select_for_update().get(pk=profile.user_id)
    if user.is_active != bool(active):
        account_set_active(user=user, active=bool(active))  # deactivation also ends their tokens and sessions
        locked = unscoped(ExpertProfile).get(pk=profile.pk)
        save_with_history(locked, by=by, reason=_("Reactivated") if active else _("Deactivated"))
    profile.user = user
    return profile


@transaction.atomic
def expert_invite(*, profile, by, language="zh-hans"):
    """Send the invitation to set a password (again, with a new link; an earlier link stops working). Refused for an
    expert who has set a password already or is deactivated."""
    user = profile.user
    if not user.is_active:
        raise Refusal(_("Reactivate the expert before inviting them."), code="inactive")
    if user.has_usable_password():
        raise Refusal(_("This expert has set a password already."), code="password_set")
    return invite(user=user, invited_by=by, organisation=None, language=language)


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
