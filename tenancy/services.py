"""Writes of the tenancy app."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership, Organisation
from .scoping import unscoped


@transaction.atomic
def membership_create(*, organisation: Organisation, username: str, role: str, password: str, email="", full_name=""):
    """Create an account and its membership in `organisation`."""
    User = get_user_model()
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    if role not in Membership.Role.values:
        errors["role"] = [_("Choose a valid role.")]
    candidate = User(username=username, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    first, _sep, last = full_name.strip().partition(" ")
    user = User.objects.create_user(username=username, email=email, password=password, first_name=first, last_name=last)
    return Membership.objects.create(user=user, organisation=organisation, role=role)


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
    """Deactivate (or reactivate) a member: the account can no longer sign in."""
    if not active:
        _keep_an_admin(membership, new_role=None)
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    user = membership.user
    user.is_active = active
    user.save(update_fields=["is_active"])
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
