"""Token authentication that reads the user's membership in the same query as the token, so that the request's
Viewer (DESIGN §2: who is asking) costs no query of its own. The query is compiled once per process
(`tenancy.fastpaths.TokenQuery`, kept for the member list's bench bar)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from ..fastpaths import TokenQuery
from ..visibility import Viewer


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        token = TokenQuery.for_database(Token.objects.db).get(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        try:
            membership = user.membership
        except ObjectDoesNotExist:
            membership = None
        if membership is not None and membership.is_active and membership.organisation.is_active:
            user._viewer = Viewer.from_membership(user, membership)  # what Viewer.for_user would have built
        return user, token
