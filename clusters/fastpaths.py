"""Fast paths of the clusters app, kept because a bench bar needs them (see `tenancy.fastpaths` for the rules:
each names its bar and the library version it was written against, and tests/test_fastpaths.py holds its upgrade
canary).

- `member_json_rows` — bar: member list under gunicorn ≥ 0.85× of a bare view, p99 ≤ 100 ms
  (`bench/member_list.py`). PostgreSQL writes each row of the page as DRF's `MemberSerializer` would: it
  reproduces DRF 3.18's representation of decimals (`COERCE_DECIMAL_TO_STRING`) and of `DateTimeField`
  (`isoformat()` in the current time zone, "Z" for UTC), with Django 5.2's `RawSQL`. On 2026-12-04 the same page
  formatted in Python from `.values()` took the bench's in-process ratio from 0.87× to 0.70× (and through
  `MemberSerializer(many=True)` to 0.04×).
"""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .models import Member

WRITTEN_AGAINST = {"django": "5.2", "djangorestframework": "3.18"}


def member_json_rows(queryset):
    """The page's rows as MemberSerializer's representation written by PostgreSQL (`row_to_json`), one JSON text
    per row in the queryset's order; None where the database cannot write them (SQLite, or a current time zone
    without a name PostgreSQL knows), and the caller formats `member_list_values` rows instead. COUNT leaves the
    expression out."""
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not isinstance(zone, zoneinfo.ZoneInfo):
        return None
    sql, parameter_names = _member_json_sql(connection)
    offset = timezone.now().astimezone(zone).utcoffset()
    values = {"zone": zone.key, "usual_offset": offset, "usual_text": _offset_text(offset)}
    expression = RawSQL(sql, [values[name] for name in parameter_names], output_field=models.TextField())
    return queryset.annotate(row_json=expression).values_list("row_json", flat=True)


def _offset_text(offset):
    """A UTC offset as DRF writes it at the end of a date and time: "+08:00", "-03:30", "Z"."""
    text = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone(offset)).isoformat()[19:]
    return "Z" if text == "+00:00" else text


_member_json_sql_cache = {}


def _member_json_sql(connection):
    """(SELECT row_to_json(…)) of one member row (the outer query's), keys and values as MemberSerializer writes
    them: foreign keys as their ids, decimals as text at the column's scale, chain link ids ascending, dates and
    times as `_iso_8601`. Returns the SQL and the names of its parameters, in order."""
    cached = _member_json_sql_cache.get(connection.vendor)
    if cached is not None:
        return cached
    quote = connection.ops.quote_name
    table = quote(Member._meta.db_table)
    columns = []
    from .members.api.serializers import MemberSerializer

    for name in MemberSerializer.Meta.fields:
        field = Member._meta.get_field(name)
        if field.many_to_many:
            through = field.remote_field.through._meta
            source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
            value = (
                f"ARRAY(SELECT t.{target} FROM {quote(through.db_table)} t"
                f" WHERE t.{source} = {table}.{quote(Member._meta.pk.column)} ORDER BY t.{target})"
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
    cached = _member_json_sql_cache[connection.vendor] = (sql, names)
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
