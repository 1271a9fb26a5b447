"""Serializers of cluster members and collaborations.

Writes and single objects go through the serializers below. Lists are read with `.values()` and turned into
the same representation by `member_row` / `collaboration_row` (no model instances, no per-field serializer
calls): a page of 100 members costs a few milliseconds instead of tens. On PostgreSQL the member list goes one
step further: the database writes each row's JSON (`tenancy.fastpaths.serializer_json_rows`), and Python only joins
the page.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from clusters.members.models import FIGURE_FIELDS
from clusters.members.registry import credit_code_notes
from clusters.members.services import FIRST_YEAR, LAST_YEAR, MEMBER_FIELDS
from clusters.models import ChainLink, Cluster, Collaboration, Member, MemberYear
from tenancy.api.serializers import FieldsBuiltOnce
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


class MemberSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
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


class MemberWriteSerializer(MemberSerializer):
    """A member as written: its fields and, for its figures, the `year` they are for."""

    year = serializers.IntegerField(
        required=False,
        write_only=True,
        help_text="The year the figures are for (default: the last completed year). Figures of the member's latest "
        "year are also the member's own.",
    )

    credit_code_notes = serializers.SerializerMethodField(
        help_text="What is known of the credit code elsewhere: members of other clusters with the same code are the "
        "same enterprise (named as the caller may see them). A proposal to link them, never a refusal."
    )

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "year", "credit_code_notes"]

    def get_credit_code_notes(self, member) -> list[str]:
        return credit_code_notes(cluster=member.cluster, codes=[member.credit_code]).get(member.credit_code, [])


class MemberYearSerializer(serializers.ModelSerializer):
    """A member's figures for one year; a write changes only the figures it gives."""

    class Meta:
        model = MemberYear
        fields = ["member", "year", *FIGURE_FIELDS, "updated"]
        read_only_fields = ["member", "year", "updated"]
        extra_kwargs = {name: {"required": False} for name in FIGURE_FIELDS} | {
            "revenue": {"required": False, "min_value": ZERO},
            "rd_spend": {"required": False, "min_value": ZERO},
        }


def member_year_rows(rows) -> list[dict]:
    """MemberYearSerializer's representation of `.values()` rows."""
    represent_datetime = _datetime_in_current_timezone()
    return [
        {
            "member": row["member_id"],
            "year": row["year"],
            **{name: _decimal(row[name]) if name in ("revenue", "rd_spend") else row[name] for name in FIGURE_FIELDS},
            "updated": represent_datetime(row["updated"]),
        }
        for row in rows
    ]


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
        **({"year": row["year"]} if "year" in row else {}),
    }


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
