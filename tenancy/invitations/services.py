"""Writes of invitations: invite, send again, withdraw, accept. The mail goes out through Django's mail API once
the transaction commits (the product's mail backend records it in the outbox)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenancy.accounts.services import account_set_active
from tenancy.errors import Refusal
from tenancy.mail.backends import KIND_HEADER
from tenancy.mail.services import absolute_link
from tenancy.models import Membership, Organisation
from tenancy.scoping import unscoped

from .models import Invitation, key_digest


def _expiry(sent):
    return sent + timedelta(days=settings.INVITATION_TTL_DAYS)


def _new_key() -> tuple[str, str]:
    key = secrets.token_urlsafe(32)
    return key, key_digest(key)


def _send(invitation: Invitation, key: str) -> None:
    """The invitation mail, in the invitation's language, with the link that carries the key (stored only hashed)."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "name": invitation.user.get_full_name() or invitation.user.username,
            "username": invitation.user.username,
            "organisation": invitation.organisation,
            "invited_by": invitation.invited_by.get_full_name() or invitation.invited_by.username
            if invitation.invited_by
            else "",
            "link": absolute_link(reverse("invitation-accept", args=[key])),
            "days": settings.INVITATION_TTL_DAYS,
        }
        subject = render_to_string("tenancy/invitations/mail_subject.txt", context).strip()
        body = render_to_string("tenancy/invitations/mail_body.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email], headers={KIND_HEADER: "invitation"})
    # Robust: a mail server that is down fails no request; the outbox shows the failure and the invitation can be
    # sent again.
    transaction.on_commit(message.send, robust=True)


@transaction.atomic
def invite(*, user, invited_by=None, organisation: Organisation | None = None, language="zh-hans") -> Invitation:
    """Invite `user` (an account without a usable password) to set their password; any earlier open invitation of
    theirs is withdrawn, so only the newest link works."""
    if not user.email:
        raise ValidationError({"email": [_("An invitation needs an e-mail address.")]})
    now = timezone.now()
    unscoped(Invitation).filter(user=user, accepted__isnull=True, withdrawn__isnull=True).update(withdrawn=now)
    key, digest = _new_key()
    invitation = Invitation.objects.create(
        user=user,
        organisation=organisation,
        email=user.email,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        key_digest=digest,
        invited_by=invited_by,
        sent=now,
        expires=_expiry(now),
    )
    _send(invitation, key)
    invitation.key = key  # only on this object, for the caller; the database keeps the digest
    return invitation


def _refuse_closed(invitation):
    if invitation.accepted:
        raise Refusal(_("This invitation was accepted already: the person has set their password."), code="closed")
    if invitation.withdrawn:
        raise Refusal(_("This invitation was withdrawn."), code="closed")


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by) -> Invitation:
    """Send again with a new link and a new expiry: the link of the earlier mail stops working."""
    invitation = unscoped(Invitation).select_for_update().get(pk=invitation.pk)
    _refuse_closed(invitation)
    key, invitation.key_digest = _new_key()
    invitation.sent = timezone.now()
    invitation.expires = _expiry(invitation.sent)
    invitation.times_sent += 1
    invitation.save(update_fields=["key_digest", "sent", "expires", "times_sent"])
    _send(invitation, key)
    invitation.key = key
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by) -> Invitation:
    """The link stops working and the account, never used, is deactivated."""
    invitation = unscoped(Invitation).select_for_update().get(pk=invitation.pk)
    _refuse_closed(invitation)
    invitation.withdrawn = timezone.now()
    invitation.save(update_fields=["withdrawn"])
    user = invitation.user
    if not user.has_usable_password():
        account_set_active(user=user, active=False)
        unscoped(Membership).filter(user=user).update(is_active=False)
    return invitation


def invitation_for_key(key: str) -> Invitation | None:
    """The pending invitation whose link carries `key`, or None (unknown, used, withdrawn or expired)."""
    invitation = unscoped(Invitation).select_related("user", "organisation").filter(key_digest=key_digest(key)).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, key: str, password: str):
    """Set the person's password from a pending invitation: the link works once."""
    invitation = unscoped(Invitation).select_for_update().filter(key_digest=key_digest(key)).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        raise Refusal(_("This invitation link is not valid any more."), code="closed")
    user = invitation.user
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from None
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    return user


@transaction.atomic
def membership_invite(
    *, organisation: Organisation, username: str, email: str, role: str, invited_by=None, full_name="", language=None
) -> Membership:
    """Create a person's account in `organisation` without a password and invite them to set one."""
    User = get_user_model()
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    if not email:
        errors["email"] = [_("An invitation needs an e-mail address.")]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account with this e-mail address exists.")]
    if role not in Membership.Role.values:
        errors["role"] = [_("Choose a valid role.")]
    if errors:
        raise ValidationError(errors)
    first, _sep, last = full_name.strip().partition(" ")
    user = User(username=username, email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    invite(user=user, invited_by=invited_by, organisation=organisation, language=language or translation.get_language())
    return membership
