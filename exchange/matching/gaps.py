"""The matchmaking method on plain counts (no queries): a cluster's gaps in its field's chain taxonomy and the
clusters proposed to fill each, ranked. The reads that fill the counts are in selectors.py; docs/method.md states
the rules.

For a cluster C and a chain category c of C's field, C's *standing* in c is read from C's chain links mapped to c:
the distinct members linked to them (`members`), those of them outside C's regions (`outside_members`, Member.is_local
False), the supply collaborations of C whose target is one of those members (`supply`) and those whose source lies
outside C's regions (`outside_supply`).

A category is a gap of C, of one kind (the first that holds):
- MISSING: C has no chain link mapped to c;
- THIN: C's links in c have fewer than THIN_MEMBERS members;
- OUTSIDE: most of the supply comes from outside the cluster: the outside share exceeds OUTSIDE_SHARE, where the
  share is outside_supply / supply when c has supply collaborations, else outside_members / members.

A partner for C's gap in c is another cluster P of the same field whose members in c number at least THIN_MEMBERS
and more than C's; partners are ranked by their members in c (most first), then by name, and the first
MAX_PARTNERS are proposed."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

THIN_MEMBERS = 5  # a link with fewer members is thin; a partner has at least this many
OUTSIDE_SHARE = Fraction(1, 2)  # more than half of the supply from outside the cluster's regions
MAX_PARTNERS = 3

MISSING, THIN, OUTSIDE = "missing", "thin", "outside"
KINDS = (MISSING, THIN, OUTSIDE)


def kind_label(kind):
    return {
        MISSING: _("No chain link"),
        THIN: _("Thin link"),
        OUTSIDE: _("Supplied from outside"),
    }[kind]


@dataclass
class Standing:
    """A cluster's counts in one chain category (see the module's docstring)."""

    links: list = field(default_factory=list)  # names of the cluster's chain links mapped to the category
    members: int = 0
    outside_members: int = 0
    supply: int = 0
    outside_supply: int = 0

    @property
    def outside_share(self) -> Fraction | None:
        """The share of supply from outside the cluster's regions (None with neither supply nor members)."""
        if self.supply:
            return Fraction(self.outside_supply, self.supply)
        if self.members:
            return Fraction(self.outside_members, self.members)
        return None

    @property
    def outside_basis(self) -> str:
        """What the share counts: "supply" (collaborations) or "members"."""
        return "supply" if self.supply else "members"

    @property
    def outside_percent(self) -> int | None:
        share = self.outside_share
        return None if share is None else round(share * 100)


def gap_kind(standing: Standing) -> str | None:
    """The kind of gap the standing is (MISSING, THIN or OUTSIDE), or None when the category is no gap."""
    if not standing.links:
        return MISSING
    if standing.members < THIN_MEMBERS:
        return THIN
    share = standing.outside_share
    if share is not None and share > OUTSIDE_SHARE:
        return OUTSIDE
    return None


@dataclass(frozen=True)
class ClusterRef:
    """A cluster as matchmaking names it: `visible` when the viewer may open its page (else it is a cluster of the
    public register, opened there)."""

    id: int
    name: str
    name_en: str = ""
    visible: bool = True

    @property
    def display_name(self):
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name


@dataclass(frozen=True)
class Partner:
    rank: int
    cluster: ClusterRef
    members: int  # the partner's members in the category


@dataclass
class Gap:
    category: object  # a ChainCategory (or anything with display_name, code, segment, position)
    kind: str
    standing: Standing
    partners: list = field(default_factory=list)

    @property
    def kind_label(self):
        return kind_label(self.kind)

    @property
    def links_text(self):
        return "、".join(self.standing.links)

    @property
    def situation(self) -> str:
        """The gap in numbers, in the active language."""
        values = {
            "category": self.category.display_name,
            "links": self.links_text,
            "members": self.standing.members,
            "outside": self.standing.outside_supply if self.standing.supply else self.standing.outside_members,
            "total": self.standing.supply or self.standing.members,
        }
        if self.kind == MISSING:
            return _("No chain link in %(category)s") % values
        if self.kind == THIN:
            return _("Your link %(links)s has %(members)s members") % values
        if self.standing.supply:
            return _("%(outside)s of %(total)s supply collaborations into %(links)s come from outside") % values
        return _("%(outside)s of %(total)s members of %(links)s lie outside the cluster's regions") % values

    def reason(self, partner: Partner) -> str:
        """Why the partner is proposed, in numbers ("深圳市新一代信息通信集群: 312 members in 芯片与元器件; your link
        芯片 has 2")."""
        values = {
            "partner": partner.cluster.display_name,
            "count": partner.members,
            "category": self.category.display_name,
            "links": self.links_text,
            "members": self.standing.members,
        }
        if self.kind == MISSING:
            return _("%(partner)s: %(count)s members in %(category)s; your cluster has no link in it") % values
        return _("%(partner)s: %(count)s members in %(category)s; your link %(links)s has %(members)s") % values

    @property
    def reasons(self):
        return [(partner, self.reason(partner)) for partner in self.partners]


def rank_partners(own_members: int, candidates) -> list[Partner]:
    """The partners among `candidates` ((ClusterRef, members in the category) pairs, other clusters of the field):
    at least THIN_MEMBERS members and more than `own_members`, most members first, then by name, at most
    MAX_PARTNERS."""
    strong = [(ref, count) for ref, count in candidates if count >= THIN_MEMBERS and count > own_members]
    strong.sort(key=lambda pair: (-pair[1], pair[0].name, pair[0].id))
    return [
        Partner(rank=rank, cluster=ref, members=count) for rank, (ref, count) in enumerate(strong[:MAX_PARTNERS], 1)
    ]


def cluster_gaps(categories, standings: dict, candidates: dict) -> list[Gap]:
    """The gaps of one cluster, in chain order: `categories` its field's, `standings` {category id: Standing} (a
    category it has nothing in may be absent), `candidates` {category id: [(ClusterRef, members), …]} of the other
    clusters of its field."""
    gaps = []
    for category in categories:
        standing = standings.get(category.pk) or Standing()
        kind = gap_kind(standing)
        if kind is None:
            continue
        partners = rank_partners(standing.members, candidates.get(category.pk, ()))
        gaps.append(Gap(category=category, kind=kind, standing=standing, partners=partners))
    return gaps
