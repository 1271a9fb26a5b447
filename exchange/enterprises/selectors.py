"""Reads of one enterprise in several clusters: members of different clusters that share a credit code.

Nothing is copied: the credit code is the link (a member without one links to nothing). What a viewer learns of
the enterprise's other clusters follows DESIGN §2, "a user sees only what they could open on its own page":

- a member the viewer may read (its cluster is theirs to see: the ministry, a government whose jurisdiction holds
  the cluster, the body that promotes it) is shown with its cluster, a link to it and, on the enterprise page, its
  record and figures;
- of any other member only its cluster's public name is told, when the cluster is in the public register;
- a cluster neither seen nor in the public register is counted, not named.

Seeing past the viewer's scope is one deliberate read, `_all_places`: `unscoped(Member)` for the credit codes
asked about, returning the member and cluster ids and the cluster's public fields only; the names of clusters the
viewer may not see are dropped here unless the public register shows them, so no page or serializer can leak them.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from clusters.models import Cluster, Member
from tenancy.scoping import unscoped

# Codes asked about in one query (an import may hold 100,000): one array parameter holds this many at most.
CHUNK = 50_000
SQLITE_CHUNK = 10_000  # an IN list there: SQLite binds at most 32,766 parameters


@dataclass(frozen=True)
class Place:
    """One cluster an enterprise is a member of, as the viewer may see it. `member_id` is set only for a member
    the viewer may open; `name` / `name_en` only for such a member's cluster or a cluster of the public register."""

    cluster_id: int | None
    member_id: int | None
    name: str
    name_en: str
    seen: bool
    public: bool

    @property
    def display_name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def named(self):
        return self.seen or self.public


@dataclass
class Enterprise:
    """An enterprise (a credit code) and the clusters it is a member of, as one viewer may see them."""

    credit_code: str
    name: str = ""
    name_en: str = ""
    places: list[Place] = field(default_factory=list)

    @property
    def seen(self) -> list[Place]:
        return [place for place in self.places if place.seen]

    @property
    def named(self) -> list[Place]:
        return [place for place in self.places if place.named]

    @property
    def hidden_count(self) -> int:
        return sum(1 for place in self.places if not place.named)

    @property
    def cluster_count(self) -> int:
        return len(self.places)


def _chunks(codes):
    codes = sorted({code for code in codes if code})
    size = CHUNK if connection.vendor == "postgresql" else SQLITE_CHUNK
    for start in range(0, len(codes), size):
        yield codes[start : start + size]


def _with_codes(members, codes):
    """`credit_code = ANY(%s)`, one array parameter, on PostgreSQL (an IN list of thousands of parameters costs
    more to send and plan than to run); `IN` elsewhere."""
    if connection.vendor != "postgresql":
        return members.filter(credit_code__in=codes)
    column = f"{connection.ops.quote_name(Member._meta.db_table)}.{connection.ops.quote_name('credit_code')}"
    return members.filter(RawSQL(f"{column} = ANY(%s::varchar[])", (list(codes),), output_field=BooleanField()))


def _besides(members, cluster_id):
    return members if cluster_id is None else members.exclude(cluster_id=cluster_id)


def _all_places(codes, besides) -> list[dict]:
    """Every member with one of the codes, whoever's cluster it is: the one read past the viewer (see the module's
    docstring). Only ids and the cluster's public fields leave it."""
    rows = []
    for chunk in _chunks(codes):
        rows += (
            _besides(_with_codes(unscoped(Member), chunk), besides)
            .order_by()
            .values(
                "pk",
                "credit_code",
                "cluster_id",
                "cluster__name",
                "cluster__name_en",
                "cluster__is_public",
                "cluster__tier",
            )
        )
    return rows


def _seen_members(member_ids) -> set[int]:
    """Those of the members that the current scope's viewer may read."""
    if not member_ids:
        return set()
    return set(Member.objects.filter(pk__in=member_ids).values_list("pk", flat=True))


def enterprise_places(codes, *, besides=None) -> dict[str, list[Place]]:
    """{credit code: its places}, for the viewer of the current scope, in two queries for any number of codes
    (up to CHUNK): the clusters the viewer sees first, then the public register's, each by name; the rest last.
    `besides`: a cluster (id) left out, the one the enterprise is seen from."""
    rows = _all_places(codes, besides)
    seen = _seen_members([row["pk"] for row in rows])
    found: dict[str, list[Place]] = {}
    for row in rows:
        is_seen = row["pk"] in seen
        public = bool(row["cluster__is_public"]) and row["cluster__tier"] in Cluster.PUBLIC_TIERS
        named = is_seen or public
        found.setdefault(row["credit_code"], []).append(
            Place(
                cluster_id=row["cluster_id"] if named else None,
                member_id=row["pk"] if is_seen else None,
                name=row["cluster__name"] if named else "",
                name_en=row["cluster__name_en"] if named else "",
                seen=is_seen,
                public=public,
            )
        )
    for places in found.values():
        places.sort(key=lambda place: (not place.seen, not place.public, place.name, place.cluster_id or 0))
    return found


def enterprise_of(credit_code: str) -> Enterprise | None:
    """The enterprise of a credit code, if the viewer may read at least one of its members (else None: a 404)."""
    if not credit_code:
        return None
    members = list(member_records(credit_code)[:1])
    if not members:
        return None
    places = enterprise_places([credit_code]).get(credit_code, [])
    return Enterprise(credit_code, members[0].name, members[0].name_en, places)


def member_records(credit_code: str):
    """The members with the code that the viewer may read, their cluster, region and chain links joined."""
    return (
        Member.objects.filter(credit_code=credit_code)
        .exclude(credit_code="")
        .select_related("cluster", "region")
        .prefetch_related("chain_links")
        .order_by("cluster__name", "pk")
    )


def member_enterprise(member: Member) -> Enterprise | None:
    """A (visible) member's enterprise seen from its own cluster: its other clusters, or None when it has none."""
    if not member.credit_code:
        return None
    places = enterprise_places([member.credit_code], besides=member.cluster_id).get(member.credit_code)
    return Enterprise(member.credit_code, member.name, member.name_en, places) if places else None


# The list of enterprises in several clusters -----------------------------------------------------------------------


def codes_in_several_clusters():
    """Credit codes held by members of two clusters or more (a cluster holds a code once): the read past the viewer
    that finds the links; the list keeps those of members the viewer sees."""
    return (
        unscoped(Member)
        .exclude(credit_code="")
        .order_by()
        .values("credit_code")
        .annotate(clusters=Count("pk"))
        .filter(clusters__gte=2)
        .values("credit_code")
    )


# Up to this many codes, the codes in several clusters are read once and handed to the list's queries (its count and
# its page) as values; more, and each query finds them again itself.
READ_ONCE_UP_TO = 5000


def _several_clusters_once():
    """The codes in several clusters, found once per list (the grouping of every member's code is the list's cost)."""
    codes = list(codes_in_several_clusters().values_list("credit_code", flat=True)[: READ_ONCE_UP_TO + 1])
    return codes if len(codes) <= READ_ONCE_UP_TO else codes_in_several_clusters()


def _cluster_count():
    count = (
        unscoped(Member)
        .filter(credit_code=OuterRef("credit_code"))
        .order_by()
        .values("credit_code")
        .annotate(clusters=Count("pk"))
        .values("clusters")
    )
    return Subquery(count)


def enterprises_in_several_clusters(*, cluster=None, region_prefix="", query=""):
    """One row per enterprise in several clusters with a member the viewer sees: `credit_code`, `name` and `name_en`
    (of a member the viewer sees), `seen` (its members the viewer sees) and `clusters` (its clusters in all, a
    number a body may know too). Filters: a (visible) cluster, a jurisdiction (a region code prefix) of the
    clusters, a search in the visible members' names and codes."""
    members = Member.objects.exclude(credit_code="").filter(credit_code__in=_several_clusters_once())
    if cluster is not None:
        members = members.filter(credit_code__in=Member.objects.filter(cluster=cluster).values("credit_code"))
    if region_prefix:
        in_region = Cluster.objects.filter(regions__code__startswith=region_prefix).values("pk")
        members = members.filter(credit_code__in=Member.objects.filter(cluster__in=in_region).values("credit_code"))
    query = query.strip()
    if query:
        matching = Member.objects.filter(
            Q(name__icontains=query) | Q(name_en__icontains=query) | Q(credit_code__icontains=query.upper())
        )
        members = members.filter(credit_code__in=matching.values("credit_code"))
    return (
        members.order_by()
        .values("credit_code")
        .annotate(name=Min("name"), name_en=Max("name_en"), seen=Count("pk"), clusters=_cluster_count())
    )


def with_places(rows) -> list[Enterprise]:
    """A page's rows (of `enterprises_in_several_clusters`) as enterprises with their places (two queries)."""
    rows = list(rows)
    places = enterprise_places([row["credit_code"] for row in rows])
    return [
        Enterprise(row["credit_code"], row["name"], row["name_en"], places.get(row["credit_code"], [])) for row in rows
    ]


# Notes when members are added (clusters.members.registry) -----------------------------------------------------------


def clusters_sentence(enterprise: Enterprise) -> str:
    """The enterprise's clusters in words: the names the viewer may read, and the others counted."""
    parts = [place.display_name for place in enterprise.named]
    if enterprise.hidden_count:
        parts.append(
            ngettext(
                "%(count)s cluster not in the public register",
                "%(count)s clusters not in the public register",
                enterprise.hidden_count,
            )
            % {"count": enterprise.hidden_count}
        )
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": "、".join(parts[:-1]), "last": parts[-1]}


def credit_code_notes(*, cluster, codes) -> dict[str, str]:
    """{credit code: a sentence} for the codes that members of clusters other than `cluster` hold: "This credit
    code belongs to a member of 2 other clusters: …", named as the viewer of the current scope may read them."""
    notes, sentences = {}, {}  # the codes of an import mostly share a few sets of other clusters
    for code, places in enterprise_places(codes, besides=cluster.pk).items():
        key = tuple((place.display_name, place.named) for place in places)
        if key not in sentences:
            others = Enterprise(code, places=places)
            sentences[key] = ngettext(
                "This credit code belongs to a member of %(count)s other cluster: %(clusters)s.",
                "This credit code belongs to a member of %(count)s other clusters: %(clusters)s.",
                others.cluster_count,
            ) % {"count": others.cluster_count, "clusters": clusters_sentence(others)}
        notes[code] = sentences[key]
    return notes
