"""API of the accounts: a token for a username and password, the token of the request revoked, and the caller's
own tokens listed and revoked one by one. A token cannot make a token: a new one needs the password (here) or a
signed-in session (the "API tokens" page), so an expired token stays expired."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tenancy.api.errors import error_body
from tenancy.api.permissions import RulesPermission
from tenancy.models import ApiToken

from ..selectors import api_tokens_of
from ..services import api_token_create, api_token_revoke
from .serializers import ApiTokenSerializer, NewApiTokenSerializer, TokenRequestSerializer


class TokenView(APIView):
    """POST: exchange a username and password for a new API token (`Authorization: Token …`), valid for
    API_TOKEN_TTL_DAYS days. DELETE: revoke the token this request is authenticated with."""

    def _signs_in(self):
        request = getattr(self, "request", None)  # None while the API schema is generated
        return request is not None and request.method == "POST"

    def get_authenticators(self):
        if self._signs_in():
            return []  # a sign-in: credentials in the body, none in a header or a session
        return super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self._signs_in() else [IsAuthenticated()]

    def get_authenticate_header(self, request):
        return "Token"  # a failed sign-in answers 401, not 403

    @extend_schema(request=TokenRequestSerializer, responses={200: NewApiTokenSerializer}, auth=[])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        name = serializer.validated_data.pop("name")
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None:
            # Answered, not raised: a raised error rolls the request back, and the failed attempt must count.
            return Response(
                error_body(401, "authentication_failed", _("The username or password is not correct.")),
                status=401,
                headers={"WWW-Authenticate": "Token"},
            )
        token, key = api_token_create(user=user, name=name)
        token.token = key
        return Response(NewApiTokenSerializer(token).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            return Response(
                error_body(400, "no_token", _("This request was not made with a token: there is none to revoke.")),
                status=400,
            )
        api_token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's own API tokens, newest first: active, expired and revoked, each with its key's first characters
    only (the key itself is never stored). DELETE revokes one; another user's token is a 404."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated, RulesPermission]
    permission_rules = {"destroy": "tenancy.revoke_api_token"}
    filterset_fields = ["name"]
    ordering_fields = ["created", "expires", "last_used"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return api_tokens_of(user=self.request.user)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        api_token_revoke(token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
