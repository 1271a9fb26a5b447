"""Reads of matchmaking: each cluster's standing in its field's chain categories (from its chain links, members and
supply collaborations), its gaps and the clusters proposed to fill them (gaps.py), and the national
complementarity matrix. A fixed number of queries whatever the number of clusters.

What a viewer learns (docs/features.md, "Matchmaking"): gaps are computed for the clusters the viewer may see (the
ministry all, a local government those of its jurisdiction, a promotion body its own). Partners are proposed from
the clusters the viewer may see and the clusters of the public register (national-level clusters marked public);
of a partner the viewer learns its name and its number of members in the category, never a member. A non-public
cluster outside the viewer's view is never proposed nor counted. Experts and visitors get no matchmaking."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from clusters.models import ChainCategory, ChainLink, Cluster, Collaboration, Member
from tenancy.models import IndustryField
from tenancy.scoping import current_viewer, unscoped
from tenancy.visibility import Viewer

from .gaps import ClusterRef, Standing, cluster_gaps

MATCHING_KINDS = (Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY)


def may_match(viewer: Viewer) -> bool:
    """Whether the viewer gets matchmaking at all (the ministry, local governments and promotion bodies)."""
    return viewer.kind in MATCHING_KINDS


def categories_of(field_ids) -> dict[str, list]:
    """{field code: [ChainCategory, …]} in chain order."""
    found = defaultdict(list)
    for category in ChainCategory.objects.filter(field_id__in=set(field_ids)).order_by("field", "position", "code"):
        found[category.field_id].append(category)
    return found


def partner_pool(field_ids) -> list[tuple[ClusterRef, str]]:
    """The clusters the viewer may be proposed as partners, with their field: those it may see and those of the
    public register (two queries)."""
    field_ids = set(field_ids)
    visible = set(Cluster.objects.filter(field_id__in=field_ids).values_list("pk", flat=True))
    public = Q(is_public=True, tier__in=Cluster.PUBLIC_TIERS)
    rows = (
        unscoped(Cluster)
        .filter(Q(pk__in=visible) | public, field_id__in=field_ids)
        .values_list("pk", "name", "name_en", "field_id")
        .order_by("name", "pk")
    )
    return [(ClusterRef(id=pk, name=name, name_en=name_en, visible=pk in visible), f) for pk, name, name_en, f in rows]


def standings(own_ids, other_ids=()) -> dict[tuple[int, int], Standing]:
    """{(cluster id, category id): Standing}: links, members and supply for `own_ids`, members alone for
    `other_ids` (partners: counts only). Three queries; the ids are clusters the caller has vetted."""
    own_ids, all_ids = set(own_ids), set(own_ids) | set(other_ids)
    found = defaultdict(Standing)
    links = (
        unscoped(ChainLink)
        .filter(cluster_id__in=own_ids, category__isnull=False)
        .values_list("cluster_id", "category_id", "name")
        .order_by("cluster_id", "position", "pk")
    )
    for cluster_id, category_id, name in links:
        found[cluster_id, category_id].links.append(name)
    members = (
        unscoped(Member)
        .filter(cluster_id__in=all_ids, chain_links__category__isnull=False)
        .values("cluster_id", category=F("chain_links__category_id"))
        .annotate(n=Count("pk", distinct=True), outside=Count("pk", distinct=True, filter=Q(is_local=False)))
        .order_by()
    )
    for row in members:
        standing = found[row["cluster_id"], row["category"]]
        standing.members, standing.outside_members = row["n"], row["outside"]
    supply = (
        unscoped(Collaboration)
        .filter(cluster_id__in=own_ids, kind=Collaboration.Kind.SUPPLY, target__chain_links__category__isnull=False)
        .values("cluster_id", category=F("target__chain_links__category_id"))
        .annotate(n=Count("pk", distinct=True), outside=Count("pk", distinct=True, filter=Q(source__is_local=False)))
        .order_by()
    )
    for row in supply:
        standing = found[row["cluster_id"], row["category"]]
        standing.supply, standing.outside_supply = row["n"], row["outside"]
    return dict(found)


@dataclass
class ClusterMatches:
    """A cluster's gaps with their partners (gaps.Gap), and how many of its field's categories it covers."""

    cluster: Cluster
    categories: int
    gaps: list = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum(1 for gap in self.gaps if gap.partners)


def matches_for(clusters) -> list[ClusterMatches]:
    """The gaps and partners of each of `clusters` (Cluster objects the viewer sees), in their order: six queries
    whatever their number."""
    return _matches(list(clusters))[0]


def _matches(clusters):
    """(matches, standings) of the clusters."""
    if not clusters:
        return [], {}
    fields = {cluster.field_id for cluster in clusters}
    categories = categories_of(fields)
    pool = partner_pool(fields)
    counts = standings([c.pk for c in clusters], [ref.id for ref, _f in pool])
    found = []
    for cluster in clusters:
        own = {category_id: s for (cluster_id, category_id), s in counts.items() if cluster_id == cluster.pk}
        candidates = defaultdict(list)
        for ref, field_id in pool:
            if field_id != cluster.field_id or ref.id == cluster.pk:
                continue
            for category in categories[field_id]:
                standing = counts.get((ref.id, category.pk))
                if standing is not None and standing.members:
                    candidates[category.pk].append((ref, standing.members))
        gaps = cluster_gaps(categories[cluster.field_id], own, candidates)
        found.append(ClusterMatches(cluster=cluster, categories=len(categories[cluster.field_id]), gaps=gaps))
    return found, counts


def cluster_matches(cluster) -> ClusterMatches | None:
    """One cluster's gaps and partners, for a viewer who gets matchmaking (else None)."""
    if not may_match(current_viewer()):
        return None
    return matches_for([cluster])[0]


def matching_clusters(field_id=""):
    """The clusters whose gaps the viewer reads: those it may see (of one field when given), by name."""
    clusters = Cluster.objects.select_related("field").order_by("name", "pk")
    return clusters.filter(field_id=field_id) if field_id else clusters


# The national complementarity matrix -------------------------------------------------------------------------------


@dataclass
class MatrixCell:
    members: int
    kind: str | None  # the gap's kind, None when the category is no gap of the row's cluster
    partners: int  # clusters proposed for the gap


@dataclass
class MatrixRow:
    cluster: Cluster
    cells: list
    gaps: int
    matched: int

    @property
    def covered(self) -> int:
        return sum(1 for cell in self.cells if cell.kind != "missing")


@dataclass
class Matrix:
    field: IndustryField
    categories: list
    rows: list
    totals: list  # members per category over the rows
    strong: list  # per category: clusters with at least THIN_MEMBERS members in it


def matrix_for(field_obj: IndustryField) -> Matrix:
    """Clusters of the field (those the viewer sees: the ministry, all) × the field's chain categories: each cell the
    cluster's members in the category and its gap kind. Seven queries."""
    from .gaps import THIN_MEMBERS

    clusters = list(matching_clusters(field_obj.code))
    categories = categories_of([field_obj.code])[field_obj.code]
    found, counts = _matches(clusters)
    matches = {m.cluster.pk: m for m in found}
    rows = []
    for cluster in clusters:
        gaps = {gap.category.pk: gap for gap in matches[cluster.pk].gaps}
        cells = []
        for category in categories:
            standing = counts.get((cluster.pk, category.pk)) or Standing()
            gap = gaps.get(category.pk)
            cells.append(
                MatrixCell(
                    members=standing.members,
                    kind=gap.kind if gap else None,
                    partners=len(gap.partners) if gap else 0,
                )
            )
        rows.append(MatrixRow(cluster=cluster, cells=cells, gaps=len(gaps), matched=matches[cluster.pk].matched))
    totals = [sum(row.cells[i].members for row in rows) for i in range(len(categories))]
    strong = [sum(1 for row in rows if row.cells[i].members >= THIN_MEMBERS) for i in range(len(categories))]
    return Matrix(field=field_obj, categories=categories, rows=rows, totals=totals, strong=strong)
