"""Reads of the accounts: a user's own API tokens, never anyone else's."""

from tenancy.models import ApiToken


def api_tokens_of(*, user):
    """The user's tokens, newest first (active, expired and revoked: the list says which)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created", "-pk")
