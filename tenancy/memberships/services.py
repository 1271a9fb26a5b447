"""Writes of an organisation's memberships: a member's role, deactivation and reactivation (adding a member is an
invitation, `tenancy.invitations.services.membership_invite`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenancy.accounts.services import account_set_active
from tenancy.models import Membership
from tenancy.scoping import unscoped


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
