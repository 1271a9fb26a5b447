"""Reads of a cluster's members and collaborations (lists, search, detail)."""

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL

from clusters.members.models import FIGURE_FIELDS
from clusters.models import Cluster, Collaboration, Member, MemberYear

# Members and collaborations -------------------------------------------------------------------------------------

MEMBER_ROW_FIELDS = (
    "id",
    "cluster_id",
    "kind",
    "name",
    "name_en",
    "credit_code",
    "platform_level",
    "size_class",
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "region_id",
    "is_local",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
    "joined_year",
    "created",
    "updated",
)


def visible_members():
    """Members the current scope's viewer may read: a plain base queryset (lists count and page on it)."""
    return Member.objects.all()


def member_for_detail():
    return Member.objects.select_related("cluster", "region").prefetch_related("chain_links")


def cluster_members(*, cluster: Cluster):
    """A cluster's members, unjoined: pages count on this and decorate only the rows they show."""
    return Member.objects.filter(cluster=cluster)


def search_members(queryset, query: str):
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(Q(name__icontains=query) | Q(name_en__icontains=query) | Q(credit_code__icontains=query))


def _chain_link_ids_sql():
    """ARRAY(…) of a member row's chain link ids, ascending (PostgreSQL; an index-only scan per page row)."""
    through = Member.chain_links.through._meta
    q = connection.ops.quote_name
    return (
        f"ARRAY(SELECT l.{q('chainlink_id')} FROM {q(through.db_table)} l"
        f" WHERE l.{q('member_id')} = {q(Member._meta.db_table)}.{q('id')} ORDER BY l.{q('chainlink_id')})"
    )


def member_list_values(queryset, *, year_figures: str = ""):
    """Rows of MEMBER_ROW_FIELDS for list pages. On PostgreSQL each row also carries `chain_link_ids` (ascending)
    from a subquery the database runs for the page's rows only, saving a round trip; elsewhere
    `with_chain_links` reads them in one more query. COUNT leaves the subquery out. With `year_figures` (the alias
    of `filters.members_of_year`), the figures are the year's, under the same names (`year_of_figures` renames
    them)."""
    fields = [
        f"{year_figures}__{name}" if year_figures and name in FIGURE_FIELDS else name for name in MEMBER_ROW_FIELDS
    ]
    if connection.vendor != "postgresql":
        return queryset.values(*fields)
    chain_link_ids = RawSQL(_chain_link_ids_sql(), (), output_field=ArrayField(models.BigIntegerField()))
    return queryset.annotate(chain_link_ids=chain_link_ids).values(*fields, "chain_link_ids")


def year_of_figures(rows: list[dict], *, year_figures: str, year: int) -> list[dict]:
    """Rows of `member_list_values(…, year_figures=…)` with the year's figures under the members' field names."""
    prefix = f"{year_figures}__"
    for row in rows:
        for name in FIGURE_FIELDS:
            row[name] = row.pop(prefix + name)
        row["year"] = year
    return rows


def member_years(*, member: Member):
    """A (visible) member's figures by year, the latest first."""
    return MemberYear.objects.filter(member=member).order_by("-year")


def with_chain_links(rows: list[dict]) -> list[dict]:
    """Rows from `member_list_values`, each with `chain_link_ids` (one query where the database did not add them)."""
    if not rows or "chain_link_ids" in rows[0]:
        return rows
    links: dict[int, list[int]] = {row["id"]: [] for row in rows}
    pairs = (
        Member.chain_links.through.objects.filter(member_id__in=list(links))
        .order_by("chainlink_id")
        .values_list("member_id", "chainlink_id")
    )
    for member_id, link_id in pairs:
        links[member_id].append(link_id)
    for row in rows:
        row["chain_link_ids"] = links[row["id"]]
    return rows


def visible_collaborations():
    return Collaboration.objects.all()


def collaboration_for_detail():
    return Collaboration.objects.select_related("cluster", "source", "target")


def cluster_collaborations(*, cluster: Cluster):
    return Collaboration.objects.filter(cluster=cluster)


def member_collaborations(*, member: Member):
    """The edges at either end of a member, its partners joined."""
    return (
        Collaboration.objects.filter(Q(source=member) | Q(target=member))
        .select_related("source", "target")
        .order_by("-year", "pk")
    )
