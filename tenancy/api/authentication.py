"""Token authentication that reads the user's membership in the same query as the token, so that the request's
Viewer (DESIGN §2: who is asking) costs no query of its own. The query is compiled once per process
(`tenancy.fastpaths.TokenQuery`, kept for the member list's bench bar). The token is a `tenancy.ApiToken`: an expired
or revoked one answers 401 saying which."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from ..accounts.services import api_token_touch
from ..fastpaths import TokenQuery
from ..models import ApiToken
from ..visibility import Viewer


class TokenAuthentication(authentication.TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        token = TokenQuery.for_database(ApiToken.objects.db).get(key)
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
