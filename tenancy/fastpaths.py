"""Fast paths that reach into a library's private API, kept because a bench bar needs them.

Each one names its bar (docs/benchmarks.md) and the library version it was written against; tests/test_fastpaths.py
holds an upgrade canary per path that fails loudly when the library changes underneath (the version, the private
names it relies on, and its output against the public-API path's on real data). After an upgrade: re-run the
bench; if the bar holds on the public path, delete the fast path instead of porting it.

- `TokenQuery` — bar: member list under gunicorn ≥ 0.85× of a bare view (`bench/member_list.py`). Written against
  Django 5.2 (SQLCompiler.as_sql / select / klass_info / get_converters / apply_converters,
  django.db.models.query.get_related_populators) and DRF 3.18 (TokenAuthentication's header parsing, in front of it).
  On 2026-12-04 the public `Token.objects.select_related(…).get(key=…)` took the in-process ratio of the bench from
  0.87× to 0.75×. Since issue 12 the token is `tenancy.ApiToken`, looked up by the digest of its key.

The member list's JSON written by PostgreSQL is `clusters.fastpaths` (the same bar).
"""

from django.db import connections
from django.db.models.query import get_related_populators

from .models import ApiToken

WRITTEN_AGAINST = {"django": "5.2", "djangorestframework": "3.18"}

TOKEN_RELATIONS = "user__membership__organisation__region"


def token_queryset(using="default"):
    """The public-API query the fast path stands for (and the canary compares with)."""
    return ApiToken.objects.using(using).select_related(TOKEN_RELATIONS)


class TokenQuery:
    """`token_queryset().get(digest=…)`, compiled once per database: building the SQL of a five-table select_related
    costs more than running it, and it is the same on every request."""

    _compiled: dict = {}

    def __init__(self, using):
        compiler = token_queryset(using).filter(digest="").query.get_compiler(using=using)
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
        """The token of this key with its user, membership, organisation and region, or None (whether it is expired
        or revoked is the caller's to judge)."""
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, [ApiToken.digest_of(key)])
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        token = ApiToken.from_db(self.using, self.init_list, row[self.slice])
        for populator in self.populators:
            populator.populate(row, token)
        return token
