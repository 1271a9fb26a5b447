"""Writes of the accounts: API tokens made, used and revoked; an account deactivated or reactivated.

Deactivation ends everything the account holds: its tokens are revoked and its sessions deleted. Reactivation gives
nothing back: a revoked token stays revoked, and the user signs in again and makes a new token."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenancy.models import ApiToken

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
PREFIX_LENGTH = 8
# How stale `last_used` may grow before a request stamps it again: one UPDATE per token every five minutes at most,
# not one per request.
LAST_USED_PRECISION = timedelta(minutes=5)


def api_token_ttl() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


@transaction.atomic
def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, expiring API_TOKEN_TTL_DAYS days from now. Returns the token and its key: the key
    is not stored (only its digest) and cannot be shown again."""
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": [_("Keep the name within %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}]})
    if not user.is_active:
        raise ValidationError(_("A deactivated account cannot hold API tokens."))
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=ApiToken.digest_of(key),
        prefix=key[:PREFIX_LENGTH],
        created=now,
        expires=now + api_token_ttl(),
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke the token (once: revoking it again keeps the first time)."""
    if token.revoked is None:
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked__isnull=True).update(revoked=now)
        token.revoked = now
    return token


def api_tokens_revoke_all(*, user) -> int:
    """Revoke every token of the user that is not revoked yet; the number revoked."""
    return ApiToken.objects.filter(user_id=user.pk, revoked__isnull=True).update(revoked=timezone.now())


def api_token_touch(*, token: ApiToken, now) -> None:
    """Note that the token was used (at most once per LAST_USED_PRECISION, so reading stays cheap)."""
    if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now


def sessions_end(*, user) -> int:
    """Delete the user's sessions (every browser they are signed in on); the number ended.

    Sessions are stored in the database without their user, so the unexpired ones are decoded to find them: a scan
    that runs when an account is deactivated, not on any request."""
    mine = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    if mine:
        Session.objects.filter(session_key__in=mine).delete()
    return len(mine)


@transaction.atomic
def account_set_active(*, user, active: bool):
    """Let the account sign in again, or stop it: a deactivated account loses its API tokens and its sessions at
    once, and reactivation does not bring them back."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        api_tokens_revoke_all(user=user)
        sessions_end(user=user)
    return user
