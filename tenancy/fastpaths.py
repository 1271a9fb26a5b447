"""Every use of a library's private API, in one module: fast paths kept because a bench bar needs them, and the
private state of django-scopes that fail-closed scoping reads.

Each names its bar (docs/benchmarks.md) or its reason and the library version it was written against
(`WRITTEN_AGAINST`); tests/test_fastpaths.py holds an upgrade canary per item that fails loudly when the library
changes underneath (the version, the private names it relies on, and a fast path's output against the public-API
path's on real data). After an upgrade: re-run the bench; if the bar holds on the public path, delete the fast path
instead of porting it. No other product module imports a library's private names (tests/test_fastpaths.py walks the
source).

The helpers are generic: they import no product model (tenancy.scoping, which every model's manager uses, imports
this module), and the apps keep thin call sites.

- `CompiledLookup` — bar: member list under gunicorn ≥ 0.85× of a bare view (`bench/member_list.py`). Django 5.2's
  SQLCompiler (as_sql / select / klass_info / get_converters / apply_converters) and
  django.db.models.query.get_related_populators. Used for the API token (tenancy.api.authentication): on 2026-12-04
  the public `select_related(…).get(key=…)` took the in-process ratio of the bench from 0.87× to 0.75×.
- `serializer_json_rows` — the same bar, p99 ≤ 100 ms. PostgreSQL writes each row as a plain DRF ModelSerializer
  would: DRF 3.18's representation of decimals (`COERCE_DECIMAL_TO_STRING`) and of `DateTimeField` (`isoformat()` in
  the current time zone, "Z" for UTC), with Django 5.2's `RawSQL`. Used for the member list
  (clusters.members.api.views): the page formatted in Python from `.values()` took the ratio from 0.87× to 0.70×,
  through `MemberSerializer(many=True)` to 0.04×.
- `LeanFilterSetMixin` — bar: the member list's Python per request (docs/benchmarks.md): django-filter 26's
  constructor deep-copies every filter of `self.base_filters`; the mixin sets the instance's `base_filters` to the
  present ones first. Used by tenancy.api.filters.LeanFilterSet.
- `prefetched` — no bar: whether `prefetch_related` loaded a relation, read from Django 5.2's
  `_prefetched_objects_cache` (a plan's owners, policies.plans.models).
- `scopes_are_disabled`, `UnscopedQuerySet` — no bar: fail-closed scoping (tenancy.scoping) reads whether
  django-scopes' switch that turns scoping off is on from the `_enabled` key of django-scopes 2.1's state, and
  refuses reads outside a scope with `django_scopes.manager.DisabledQuerySet`; neither is in its public API.
"""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from django.utils import timezone
from django.utils.translation import get_language
from django_scopes.manager import DisabledQuerySet

WRITTEN_AGAINST = {"django": "5.2", "djangorestframework": "3.18", "django-filter": "26", "django-scopes": "2.1"}


# A query compiled once ---------------------------------------------------------------------------------------------


class CompiledLookup:
    """`queryset.get(<field>=value)` (None when there is no such row), compiled once per queryset factory, field and
    database: building the SQL of a select_related over several tables costs more than running it, and it is the
    same on every request. `make_queryset(using)` returns the public-API queryset it stands for."""

    _compiled: dict = {}

    def __init__(self, make_queryset, field, using):
        queryset = make_queryset(using)
        compiler = queryset.filter(**{field: ""}).query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        if list(params) != [""]:
            raise AssertionError(f"unexpected parameters of the compiled lookup: {params!r}")
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model, self.using, self.compiler, self.slice = queryset.model, using, compiler, slice(start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        self.converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        self.populators = get_related_populators(klass_info, select, using)

    @classmethod
    def of(cls, make_queryset, field, *, using):
        key = (make_queryset, field, using)
        lookup = cls._compiled.get(key)
        if lookup is None:
            lookup = cls._compiled[key] = cls(make_queryset, field, using)
        return lookup

    def get(self, value):
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        instance = self.model.from_db(self.using, self.init_list, row[self.slice])
        for populator in self.populators:
            populator.populate(row, instance)
        return instance


# Rows written as JSON by PostgreSQL ------------------------------------------------------------------------------


def serializer_json_rows(queryset, serializer_class):
    """The queryset's rows as `serializer_class`'s representation written by PostgreSQL (`row_to_json`), one JSON
    text per row in the queryset's order; None where the database cannot write them (SQLite, or a current time zone
    without a name PostgreSQL knows), and the caller formats the rows in Python instead. COUNT leaves the expression
    out. The serializer is a ModelSerializer whose `Meta.fields` are model fields shown as DRF's defaults show them:
    foreign keys and many-to-many as ids, decimals as text, dates and times as ISO 8601."""
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not isinstance(zone, zoneinfo.ZoneInfo):
        return None
    sql, parameter_names = _row_json_sql(connection, queryset.model, tuple(serializer_class.Meta.fields))
    offset = timezone.now().astimezone(zone).utcoffset()
    values = {"zone": zone.key, "usual_offset": offset, "usual_text": _offset_text(offset)}
    expression = RawSQL(sql, [values[name] for name in parameter_names], output_field=models.TextField())
    return queryset.annotate(row_json=expression).values_list("row_json", flat=True)


def _offset_text(offset):
    """A UTC offset as DRF writes it at the end of a date and time: "+08:00", "-03:30", "Z"."""
    text = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone(offset)).isoformat()[19:]
    return "Z" if text == "+00:00" else text


_row_json_sql_cache = {}


def _row_json_sql(connection, model, fields):
    """(SELECT row_to_json(…)) of one row (the outer query's), keys and values as the serializer writes them:
    foreign keys as their ids, decimals as text at the column's scale, many-to-many ids ascending, dates and times
    as `_iso_8601`. Returns the SQL and the names of its parameters, in order."""
    key = (connection.vendor, model._meta.label, fields)
    cached = _row_json_sql_cache.get(key)
    if cached is not None:
        return cached
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        if field.many_to_many:
            through = field.remote_field.through._meta
            source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
            value = (
                f"ARRAY(SELECT t.{target} FROM {quote(through.db_table)} t"
                f" WHERE t.{source} = {table}.{quote(model._meta.pk.column)} ORDER BY t.{target})"
            )
        elif isinstance(field, models.DecimalField):
            value = f"{table}.{quote(field.column)}::text"
        elif isinstance(field, models.DateTimeField):
            value = _iso_8601(f"{table}.{quote(field.column)}")
        else:
            value = f"{table}.{quote(field.column)}"
        columns.append(f"{value} AS {quote(name)}")
    names = []
    sql = re.sub(
        r"%\((\w+)\)s",
        lambda match: names.append(match[1]) or "%s",
        f"(SELECT row_to_json(r)::text FROM (SELECT {', '.join(columns)}) r)",
    )
    cached = _row_json_sql_cache[key] = (sql, names)
    return cached


def _iso_8601(column):
    """DRF's DateTimeField representation in SQL: Python's `isoformat()` in the current time zone (microseconds
    only when not zero, the offset as ±HH:MM, or ±HH:MM:SS) with "Z" for UTC. The offset of most values is the
    zone's offset of today (`usual_offset`, written `usual_text`); the others are worked out."""
    local = f"({column} AT TIME ZONE %(zone)s)"
    offset = f"({local} - ({column} AT TIME ZONE 'UTC'))"
    worked_out = (
        f"CASE WHEN {offset} < interval '0' THEN '-' ELSE '+' END"
        f" || regexp_replace(to_char(greatest({offset}, -{offset}), 'HH24:MI:SS'), ':00$', '')"
    )
    return (
        f"replace(to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '')"
        f" || CASE {offset} WHEN %(usual_offset)s THEN %(usual_text)s WHEN interval '0' THEN 'Z' ELSE {worked_out} END"
    )


# Filtersets that copy only the filters a query names ------------------------------------------------------------


class LeanFilterSetMixin:
    """A filterset that holds only the filters present in the query string (an absent filter filters nothing).

    django-filter's constructor deep-copies the filterset's `base_filters` for every instance, and builds and
    validates a form of every filter: for a dozen filters that is a real share of a 100-row list, most of it
    copying filters the request does not use. Here the instance's `base_filters` are the present ones before
    django-filter's own `__init__` copies them, and the form class (django-filter's documented `get_form_class`
    hook) is built once per language and set of filters. Put it before the FilterSet class in the bases."""

    _form_classes: dict = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        self.base_filters = self.present_filters(data, prefix)
        super().__init__(data, queryset, request=request, prefix=prefix)

    @classmethod
    def present_filters(cls, data, prefix=None):
        """The class's filters that `data` gives a value for, as the filter's form widget reads it."""
        if not data:
            return {}
        return {
            name: base
            for name, base in cls.base_filters.items()
            if not base.field.widget.value_omitted_from_data(data, {}, f"{prefix}-{name}" if prefix else name)
        }

    def get_form_class(self):
        key = (type(self), get_language(), tuple(self.filters))
        form_class = self._form_classes.get(key)
        if form_class is None:
            if len(self._form_classes) > 1000:
                self._form_classes.clear()
            fields = {name: filter_.field for name, filter_ in self.filters.items()}
            form_class = self._form_classes[key] = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
        return form_class


# What prefetch_related loaded ------------------------------------------------------------------------------------


def prefetched(instance, name):
    """The objects `prefetch_related(name)` loaded on `instance` (its evaluated queryset), or None when it did not."""
    return getattr(instance, "_prefetched_objects_cache", {}).get(name)


# django-scopes' private state ------------------------------------------------------------------------------------


def scopes_are_disabled(state) -> bool:
    """Whether django-scopes' switch that turns scoping off is on, read from its state (`get_scope()`): the `_enabled`
    key."""
    return not state.get("_enabled", True)


class UnscopedQuerySet(DisabledQuerySet):
    """What a tenant-owned model returns outside a scope: every read raises ScopeError. Built as django-scopes builds
    its own, `UnscopedQuerySet(model, using=…, missing_scopes=[…])`; it refuses more methods than django-scopes'."""

    exists = contains = in_bulk = exclude = alias = explain = DisabledQuerySet.error
    select_related = prefetch_related = defer = distinct = bulk_update = DisabledQuerySet.error
