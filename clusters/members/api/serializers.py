"""Serializers of cluster members and collaborations.

Writes and single objects go through the serializers below. Lists are read with `.values()` and turned into
the same representation by `member_row` / `collaboration_row` (no model instances, no per-field serializer
calls): a page of 100 members costs a few milliseconds instead of tens. On PostgreSQL the member list goes one
step further: the database writes each row's JSON (`member_json_rows`), and Python only joins the page.
"""

import datetime
import re
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from rest_framework import serializers

from clusters.members.services import FIRST_YEAR, LAST_YEAR, MEMBER_FIELDS
from clusters.models import ChainLink, Cluster, Collaboration, Member
from tenancy.models import Region

ZERO = Decimal(0)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key of a tenant-owned model, looked up in the request's scope: an object the caller may not
    see is "does not exist", exactly like a missing one."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()


class MemberSerializer(serializers.ModelSerializer):
    cluster = ScopedPrimaryKeyRelatedField(model=Cluster, help_text="The cluster; it cannot change later.")
    credit_code = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="Unified social credit code (18 characters, GB 32100 check digit); spaces and dashes are dropped.",
    )
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False, help_text="Region code."
    )
    chain_links = ScopedPrimaryKeyRelatedField(
        model=ChainLink, many=True, required=False, help_text="Ids of chain links of the same cluster, ascending."
    )

    class Meta:
        model = Member
        fields = ["id", "cluster", *MEMBER_FIELDS, "chain_links", "created", "updated"]
        read_only_fields = ["created", "updated"]
        extra_kwargs = {"revenue": {"min_value": ZERO}, "rd_spend": {"min_value": ZERO}}
        validators = []  # the service checks the credit code's uniqueness, with a field-level message

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["chain_links"] = sorted(data["chain_links"])  # as lists give them
        return data


class CollaborationSerializer(serializers.ModelSerializer):
    cluster = ScopedPrimaryKeyRelatedField(model=Cluster, help_text="The cluster; it cannot change later.")
    source = ScopedPrimaryKeyRelatedField(model=Member, help_text="A member of the cluster.")
    target = ScopedPrimaryKeyRelatedField(model=Member, help_text="Another member of the cluster.")

    class Meta:
        model = Collaboration
        fields = ["id", "cluster", "source", "target", "kind", "value", "year"]
        extra_kwargs = {"value": {"min_value": ZERO}, "year": {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}}
        validators = []


def _decimal(value):
    return None if value is None else f"{value:f}"


def _datetime_in_current_timezone():
    """DRF's DateTimeField representation (ISO 8601 in the current time zone, "Z" for UTC), with the time zone
    looked up once per page rather than once per value."""
    zone = timezone.get_current_timezone() if settings.USE_TZ else None

    def represent(value):
        if value is None:
            return None
        text = (value.astimezone(zone) if zone is not None and timezone.is_aware(value) else value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return represent


def member_rows(rows) -> list[dict]:
    """MemberSerializer's representation of rows from `selectors.member_list_values` / `with_chain_links`."""
    represent_datetime = _datetime_in_current_timezone()
    return [member_row(row, represent_datetime) for row in rows]


def member_row(row: dict, _datetime) -> dict:
    return {
        "id": row["id"],
        "cluster": row["cluster_id"],
        "kind": row["kind"],
        "name": row["name"],
        "name_en": row["name_en"],
        "credit_code": row["credit_code"],
        "platform_level": row["platform_level"],
        "size_class": row["size_class"],
        "is_leading": row["is_leading"],
        "is_single_champion": row["is_single_champion"],
        "is_little_giant": row["is_little_giant"],
        "is_srdi_sme": row["is_srdi_sme"],
        "is_high_tech": row["is_high_tech"],
        "region": row["region_id"],
        "is_local": row["is_local"],
        "revenue": _decimal(row["revenue"]),
        "employees": row["employees"],
        "rd_spend": _decimal(row["rd_spend"]),
        "patents": row["patents"],
        "joined_year": row["joined_year"],
        "chain_links": row["chain_link_ids"],
        "created": _datetime(row["created"]),
        "updated": _datetime(row["updated"]),
    }


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


COLLABORATION_ROW_FIELDS = ("id", "cluster_id", "source_id", "target_id", "kind", "value", "year")


def collaboration_row(row: dict) -> dict:
    return {
        "id": row["id"],
        "cluster": row["cluster_id"],
        "source": row["source_id"],
        "target": row["target_id"],
        "kind": row["kind"],
        "value": _decimal(row["value"]),
        "year": row["year"],
    }
