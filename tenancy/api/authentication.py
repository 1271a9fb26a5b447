"""Token authentication that reads the user's membership in the same query as the token, so that the request's
Viewer (DESIGN §2: who is asking) costs no query of its own. The query is compiled once per process
(`tenancy.fastpaths.CompiledLookup`, kept for the member list's bench bar). The token is a `tenancy.ApiToken`: an
expired or revoked one answers 401 saying which."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from ..accounts.services import api_token_touch
from ..fastpaths import CompiledLookup
from ..models import ApiToken
from ..visibility import Viewer

TOKEN_RELATIONS = "user__membership__organisation__region"


def token_queryset(using="default"):
    """The public-API query of a token with its user, membership, organisation and region (compiled once below)."""
    return ApiToken.objects.using(using).select_related(TOKEN_RELATIONS)


def token_for_key(key):
    """The token of this key with its relations, or None (whether it is expired or revoked is the caller's to judge)."""
    return CompiledLookup.of(token_queryset, "digest", using=ApiToken.objects.db).get(ApiToken.digest_of(key))


class TokenAuthentication(authentication.TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked is not None:
            raise exceptions.AuthenticationFailed(
                _("This token was revoked. Sign in again to get a new one."), code="token_revoked"
            )
        now = timezone.now()
        if token.is_expired(now):
            raise exceptions.AuthenticationFailed(
                _("This token has expired. Sign in again to get a new one."), code="token_expired"
            )
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        api_token_touch(token=token, now=now)
        try:
            membership = user.membership
        except ObjectDoesNotExist:
            membership = None
        if membership is not None and membership.is_active and membership.organisation.is_active:
            user._viewer = Viewer.from_membership(user, membership)  # what Viewer.for_user would have built
        return user, token
