"""Token authentication that reads the user's membership in the same query as the token, so that the request's
Viewer (DESIGN §2: who is asking) costs no query of its own."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django.db.models.query import get_related_populators
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from ..visibility import Viewer

TOKEN_RELATIONS = "user__membership__organisation__region"


class TokenQuery:
    """`Token.objects.select_related(TOKEN_RELATIONS).get(key=…)`, compiled once per database: building the SQL of
    a five-table select_related costs more than running it, and it is the same on every request."""

    _compiled: dict = {}

    def __init__(self, using):
        queryset = Token.objects.using(using).select_related(TOKEN_RELATIONS).filter(key="")
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        if list(params) != [""]:
            raise AssertionError(f"unexpected parameters of the token query: {params!r}")
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.using, self.compiler, self.slice = using, compiler, slice(start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        self.converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        self.populators = get_related_populators(klass_info, select, using)

    @classmethod
    def for_database(cls, using):
        query = cls._compiled.get(using)
        if query is None:
            query = cls._compiled[using] = cls(using)
        return query

    def get(self, key):
        """The token with its user, membership, organisation and region, or None."""
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, [key])
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        token = Token.from_db(self.using, self.init_list, row[self.slice])
        for populator in self.populators:
            populator.populate(row, token)
        return token


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
