"""Writes of the organisation directory: the ministry (and a provincial government, for the governments below it)
creates, edits, deactivates and reactivates organisations. Each change is recorded in the organisation's history;
bad input answers field by field and changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenancy.accounts.services import account_set_active
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.invitations.services import membership_invite
from tenancy.models import Membership, Organisation, Region
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

from .selectors import may_manage

ORGANISATION_FIELDS = ("kind", "name", "name_en", "slug", "region", "parent")


def _region(value):
    code = getattr(value, "pk", value)
    return unscoped(Region).filter(pk=code).first() if code else None


def _organisation(value):
    key = getattr(value, "pk", value)
    return Organisation.objects.filter(pk=key).select_related("region").first() if key else None


def expected_parent(*, kind, region, exclude=None):
    """The organisation an organisation of `kind` in `region` reports to: a prefecture's or a county's government
    reports to the nearest government above it; a promotion body to the government with the narrowest jurisdiction
    holding its region; None where there is none (a province, or no such government on the platform)."""
    if region is None or kind == Organisation.Kind.NATIONAL:
        return None
    candidates = []
    ancestor = region if kind == Organisation.Kind.CLUSTER_BODY else region.parent
    while ancestor is not None:
        candidates.append(ancestor.pk)
        ancestor = ancestor.parent
    governments = Organisation.objects.filter(kind=Organisation.Kind.LOCAL, region_id__in=candidates, is_active=True)
    if exclude is not None:
        governments = governments.exclude(pk=exclude.pk)
    by_region = {organisation.region_id: organisation for organisation in governments}
    return next((by_region[code] for code in candidates if code in by_region), None)


def _clean(organisation: Organisation, *, by, parent: str):
    """Field errors of `organisation` (unsaved changes applied) for `by`; raises ValidationError. `parent`: "check"
    the given parent against the region, "derive" it from the region, or "keep" it as it is."""
    errors = {}
    kind = organisation.kind
    if kind not in Organisation.Kind.values:
        errors["kind"] = [_("Choose a valid kind.")]
    organisation.name = (organisation.name or "").strip()
    organisation.name_en = (organisation.name_en or "").strip()
    organisation.slug = (organisation.slug or "").strip().lower()
    if not organisation.name:
        errors["name"] = [_("Enter the organisation's name.")]
    elif len(organisation.name) > 128:
        errors["name"] = [_("Keep the name within 128 characters.")]
    if len(organisation.name_en) > 200:
        errors["name_en"] = [_("Keep the English name within 200 characters.")]
    try:
        Organisation._meta.get_field("slug").run_validators(organisation.slug)
        if not organisation.slug:
            raise ValidationError(_("Enter a short name."))
    except ValidationError as exc:
        errors["slug"] = [_("Enter a short name of letters, digits, hyphens and underscores.")]
        del exc
    else:
        taken = Organisation.objects.filter(slug=organisation.slug).exclude(pk=organisation.pk)
        if taken.exists():
            errors["slug"] = [_("Another organisation has this short name.")]
    region = organisation.region
    if kind == Organisation.Kind.NATIONAL:
        if Organisation.objects.filter(kind=kind).exclude(pk=organisation.pk).exists():
            errors["kind"] = [_("The platform has one ministry.")]
        if region is not None:
            errors["region"] = [_("The ministry has no region.")]
    elif region is None:
        errors["region"] = [_("Local governments and promotion bodies need a region.")]
    if kind == Organisation.Kind.LOCAL and region is not None and "region" not in errors:
        same = Organisation.objects.filter(kind=kind, region=region, is_active=True).exclude(pk=organisation.pk)
        if same.exists():
            errors["region"] = [_("This region has a local government already.")]
    if "kind" not in errors and "region" not in errors and region is not None and parent != "keep":
        expected = expected_parent(kind=kind, region=region, exclude=organisation if organisation.pk else None)
        if parent == "check" and organisation.parent_id != (expected.pk if expected else None):
            errors["parent"] = [
                _("The parent must be %(parent)s.") % {"parent": expected}
                if expected
                else _("No government above this region is on the platform: leave the parent empty.")
            ]
        elif parent == "derive":
            organisation.parent = expected
    if kind == Organisation.Kind.NATIONAL and organisation.parent_id:
        errors["parent"] = [_("The ministry has no parent.")]
    viewer = Viewer.for_user(by)
    if not errors and not viewer.is_national and not may_manage(viewer, organisation):
        if kind != Organisation.Kind.LOCAL:
            errors["kind"] = [_("A provincial government adds only the governments below it.")]
        else:
            errors["region"] = [_("Choose a region below your own.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_create(*, by, kind, name, slug, region=None, name_en="", parent=None, admin=None, language=None):
    """A new organisation; with `admin` (a dict of username, email and optionally full_name) its first
    administrator gets an account without a password and an invitation to set one. Without `parent`, the parent
    follows from the region (expected_parent)."""
    organisation = Organisation(
        kind=kind,
        name=name,
        name_en=name_en or "",
        slug=slug,
        region=_region(region),
        parent=_organisation(parent),
    )
    if region and organisation.region is None:
        raise ValidationError({"region": [_("There is no region with this code.")]})
    if parent and organisation.parent is None:
        raise ValidationError({"parent": [_("There is no such organisation.")]})
    _clean(organisation, by=by, parent="check" if parent is not None else "derive")
    admin_errors = _admin_errors(admin)
    if admin_errors:
        raise ValidationError(admin_errors)
    save_with_history(organisation, by=by, reason=_("Organisation created"))
    if admin:
        try:
            membership_invite(
                organisation=organisation,
                username=admin["username"],
                email=admin["email"],
                full_name=admin.get("full_name", ""),
                role=Membership.Role.ADMIN,
                invited_by=by,
                language=language,
            )
        except ValidationError as exc:
            raise ValidationError({f"admin_{key}": value for key, value in exc.message_dict.items()}) from None
    return organisation


def _admin_errors(admin):
    if not admin:
        return {}
    errors = {}
    if not (admin.get("username") or "").strip():
        errors["admin_username"] = [_("Enter the administrator's username.")]
    if not (admin.get("email") or "").strip():
        errors["admin_email"] = [_("Enter the administrator's e-mail address: the invitation goes there.")]
    return errors


@transaction.atomic
def organisation_update(*, organisation: Organisation, by, **changes):
    """Change the fields of ORGANISATION_FIELDS (the kind stays); the parent follows a changed region unless given."""
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the organisation's service: {', '.join(sorted(unknown))}")
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    viewer = Viewer.for_user(by)
    if not viewer.is_national and not may_manage(viewer, locked):
        raise PermissionDenied(_("You may not change this organisation."))
    if "kind" in changes and changes["kind"] != locked.kind:
        raise ValidationError({"kind": [_("An organisation's kind does not change.")]})
    if "region" in changes:
        locked.region = _region(changes["region"])
        if changes["region"] and locked.region is None:
            raise ValidationError({"region": [_("There is no region with this code.")]})
    parent_given = "parent" in changes and changes["parent"] is not None
    if parent_given:
        locked.parent = _organisation(changes["parent"])
        if locked.parent is None:
            raise ValidationError({"parent": [_("There is no such organisation.")]})
    for name in ("name", "name_en", "slug"):
        if name in changes:
            setattr(locked, name, changes[name] or "")
    _clean(locked, by=by, parent="check" if parent_given else "derive" if "region" in changes else "keep")
    save_with_history(locked, by=by, reason=_("Organisation changed"))
    return locked


@transaction.atomic
def organisation_set_active(*, organisation: Organisation, by, active: bool):
    """Deactivate (or reactivate) an organisation: its members can no longer sign in (or can again, those whose
    membership is active). The ministry is never deactivated."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    viewer = Viewer.for_user(by)
    if not viewer.is_national and not may_manage(viewer, locked):
        raise PermissionDenied(_("You may not change this organisation."))
    if not active and locked.kind == Organisation.Kind.NATIONAL:
        raise Refusal(_("The ministry cannot be deactivated."), code="protected")
    if not active and locked.pk == viewer.organisation_id:
        raise Refusal(_("You cannot deactivate your own organisation."), code="own_organisation")
    if locked.is_active != active:
        locked.is_active = active
        reason = _("Organisation reactivated") if active else _("Organisation deactivated")
        save_with_history(locked, by=by, reason=reason)
        memberships = unscoped(Membership).filter(organisation=locked)
        if not active:
            memberships = memberships.exclude(user_id=getattr(by, "pk", None))
        for membership in memberships.select_related("user"):
            user = membership.user
            wanted = active and membership.is_active
            if user.is_active != wanted:
                account_set_active(user=user, active=wanted)  # deactivation ends their tokens and sessions too
    organisation.is_active = locked.is_active
    return locked
