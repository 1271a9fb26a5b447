"""The national cluster layout: provinces × industry fields with the clusters of each tier, a tile grid of the
provinces, and the gaps (fields and provinces without a national-level cluster).

Everything is computed over a queryset of clusters the caller may see (`visible_clusters()` in the request's
scope, or the public register), in a constant number of queries: the provinces, the fields, the clusters and
their regions. A cross-region cluster (one spanning several regions) counts in every province it spans and once in
every total.
"""

from dataclasses import dataclass
from dataclasses import field as dc_field

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, ClusterRegion
from clusters.profiles.selectors import in_jurisdiction
from tenancy.models import IndustryField, Region
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

# Highest tier first: the order of badges, columns and cluster lists.
TIERS = [Cluster.Tier.WORLD_CLASS, Cluster.Tier.NATIONAL, Cluster.Tier.PROVINCIAL, Cluster.Tier.CULTIVATING]
NATIONAL_LEVEL = frozenset(Cluster.PUBLIC_TIERS)
TIER_BADGES = {
    Cluster.Tier.WORLD_CLASS: "danger",
    Cluster.Tier.NATIONAL: "success",
    Cluster.Tier.PROVINCIAL: "info",
    Cluster.Tier.CULTIVATING: "secondary",
}

# Provincial-level divisions outside the programme (Taiwan, Hong Kong, Macao): drawn on the tile grid, but not
# matrix rows unless a cluster lies there; the 31 mainland divisions are always rows.
OUTSIDE_PROGRAMME = ("71", "81", "82")

# A tile-grid cartogram of China: each provincial-level division one square at (row, col), roughly where it lies.
TILE_GRID = {
    "230000": (0, 6),  # Heilongjiang
    "150000": (1, 3),  # Inner Mongolia
    "110000": (1, 4),  # Beijing
    "210000": (1, 5),  # Liaoning
    "220000": (1, 6),  # Jilin
    "650000": (2, 0),  # Xinjiang
    "620000": (2, 1),  # Gansu
    "640000": (2, 2),  # Ningxia
    "140000": (2, 3),  # Shanxi
    "130000": (2, 4),  # Hebei
    "120000": (2, 5),  # Tianjin
    "630000": (3, 1),  # Qinghai
    "610000": (3, 2),  # Shaanxi
    "410000": (3, 3),  # Henan
    "370000": (3, 4),  # Shandong
    "540000": (4, 0),  # Tibet
    "510000": (4, 1),  # Sichuan
    "500000": (4, 2),  # Chongqing
    "420000": (4, 3),  # Hubei
    "340000": (4, 4),  # Anhui
    "320000": (4, 5),  # Jiangsu
    "310000": (4, 6),  # Shanghai
    "530000": (5, 1),  # Yunnan
    "520000": (5, 2),  # Guizhou
    "430000": (5, 3),  # Hunan
    "360000": (5, 4),  # Jiangxi
    "330000": (5, 5),  # Zhejiang
    "450000": (6, 2),  # Guangxi
    "440000": (6, 3),  # Guangdong
    "350000": (6, 4),  # Fujian
    "710000": (6, 5),  # Taiwan
    "460000": (7, 2),  # Hainan
    "820000": (7, 3),  # Macao
    "810000": (7, 4),  # Hong Kong
}
TILE_ROWS = 1 + max(row for row, _col in TILE_GRID.values())
TILE_COLUMNS = 1 + max(col for _row, col in TILE_GRID.values())
# Colour steps of a tile by its number of national-level clusters: 0, 1, 2, 3–4, 5 or more.
TILE_STEPS = (1, 2, 3, 5)

NAME_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")

SCOPES = {
    "country": _("Every cluster in the country."),
    "jurisdiction": _("The clusters with a region in your jurisdiction."),
    "own": _("The clusters your organisation promotes."),
    "assigned": _("The clusters of the entries assigned to you."),
    "public": _("The national-level clusters of the public register."),
}


def province_code(region_code: str) -> str:
    """The provincial-level division of a GB/T 2260 code: its first two digits, then 0000."""
    return region_code[:2] + "0000"


def short_name(name: str) -> str:
    """内蒙古自治区 → 内蒙古, 江苏省 → 江苏, 北京市 → 北京 (for the tiles)."""
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _tier_counts():
    return dict.fromkeys(TIERS, 0)


def _english():
    return (get_language() or "").startswith("en")


# Filters ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutFilters:
    tiers: tuple[str, ...] = ()
    field: str = ""
    province: str = ""
    stage: str = ""

    @property
    def active(self):
        return bool(self.tiers or self.field or self.province or self.stage)

    def as_dict(self):
        return {"tier": list(self.tiers), "field": self.field, "province": self.province, "stage": self.stage}


class LayoutFilterForm(forms.Form):
    """The filters of the layout page, its Excel export and the API alike. `tier` may repeat or be
    comma-separated; the choices come from the rows the layout reads anyway, so validating costs no query."""

    tier = forms.MultipleChoiceField(
        label=_("Tier"), required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    field = forms.ChoiceField(label=_("Industry field"), required=False)
    province = forms.ChoiceField(label=pgettext_lazy("layout", "Province"), required=False)
    stage = forms.ChoiceField(label=_("Development stage"), required=False)

    def __init__(self, data, *, fields, provinces, tiers=TIERS):
        if data is not None:
            data = data.copy()
            parts = (part.strip() for value in data.getlist("tier") for part in value.split(","))
            data.setlist("tier", [part for part in parts if part])
        super().__init__(data)
        labels = dict(Cluster.Tier.choices)
        self.fields["tier"].choices = [(tier, labels[tier]) for tier in tiers]
        self.fields["field"].choices = [("", _("All fields")), *((f.code, f.display_name) for f in fields)]
        self.fields["province"].choices = [("", _("All provinces")), *((p.code, p.display_name) for p in provinces)]
        self.fields["stage"].choices = [("", _("All stages")), *Cluster.Stage.choices]

    def clean_tier(self):
        chosen = set(self.cleaned_data["tier"])
        return tuple(tier for tier in TIERS if tier in chosen)

    def layout_filters(self) -> LayoutFilters:
        data = self.cleaned_data
        return LayoutFilters(tiers=data["tier"], field=data["field"], province=data["province"], stage=data["stage"])


# The layout ---------------------------------------------------------------------------------------------------------


@dataclass
class LayoutRegion:
    code: str
    name: str
    name_en: str

    @property
    def display_name(self):
        return self.name_en if _english() and self.name_en else self.name


@dataclass
class LayoutCluster:
    id: int
    name: str
    name_en: str
    field: str
    tier: str
    stage: str
    regions: list[LayoutRegion] = dc_field(default_factory=list)
    provinces: list[str] = dc_field(default_factory=list)

    @property
    def display_name(self):
        return self.name_en if _english() and self.name_en else self.name

    @property
    def tier_label(self):
        return Cluster.Tier(self.tier).label

    @property
    def stage_label(self):
        return Cluster.Stage(self.stage).label

    @property
    def badge(self):
        return TIER_BADGES[self.tier]

    @property
    def is_national_level(self):
        return self.tier in NATIONAL_LEVEL

    @property
    def is_cross_region(self):
        """Spans more than one region (city), as Guangzhou–Foshan–Huizhou and Shenzhen–Guangzhou do (DESIGN §2),
        whether or not the regions lie in one province."""
        return len(self.regions) > 1


@dataclass
class TierCounts:
    """Clusters of one matrix cell, row, column or the whole layout, by tier."""

    counts: dict = dc_field(default_factory=_tier_counts)
    clusters: list[LayoutCluster] = dc_field(default_factory=list)

    def add(self, cluster: LayoutCluster):
        self.counts[cluster.tier] += 1
        self.clusters.append(cluster)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def national_level(self):
        return sum(self.counts[tier] for tier in NATIONAL_LEVEL)

    @property
    def badges(self):
        """(tier, label, badge colour, count, clusters) of the tiers present, highest first."""
        return [
            (tier, Cluster.Tier(tier).label, TIER_BADGES[tier], self.counts[tier], self.of_tier(tier))
            for tier in TIERS
            if self.counts[tier]
        ]

    def of_tier(self, tier):
        return [cluster for cluster in self.clusters if cluster.tier == tier]


@dataclass
class LayoutField(TierCounts):
    code: str = ""
    name: str = ""
    name_en: str = ""

    @property
    def display_name(self):
        return self.name_en if _english() and self.name_en else self.name


@dataclass
class LayoutProvince(TierCounts):
    code: str = ""
    name: str = ""
    name_en: str = ""
    cells: list[TierCounts] = dc_field(default_factory=list)
    national_level_any_tier: int = 0  # national-level clusters whatever the tier filter (for the gaps)

    @property
    def display_name(self):
        return self.name_en if _english() and self.name_en else self.name

    @property
    def short_name(self):
        return self.name_en if _english() and self.name_en else short_name(self.name)

    @property
    def other_short_name(self):
        return short_name(self.name) if _english() else self.name_en

    @property
    def tile(self):
        return TILE_GRID.get(self.code)

    @property
    def tile_step(self):
        return sum(self.national_level >= step for step in TILE_STEPS)


@dataclass
class Tile:
    code: str
    row: int
    col: int
    name: str
    name_en: str
    province: LayoutProvince | None  # None: not a row of this layout (outside the programme or the filter)

    @property
    def outside_programme(self):
        return self.code[:2] in OUTSIDE_PROGRAMME

    @property
    def display_name(self):
        return self.name_en if _english() and self.name_en else self.name

    @property
    def short_name(self):
        return self.name_en if _english() and self.name_en else short_name(self.name)

    @property
    def other_short_name(self):
        return short_name(self.name) if _english() else self.name_en


@dataclass
class Layout:
    scope: str
    filters: LayoutFilters
    fields: list[LayoutField]
    provinces: list[LayoutProvince]
    totals: TierCounts
    clusters: list[LayoutCluster]  # the clusters counted (the tier filter applied), highest tier first
    fields_without_national: list[LayoutField]
    provinces_without_national: list[LayoutProvince]
    province_gap_reach: list[LayoutProvince]  # the rows whose gaps the viewer's clusters can tell
    tiles: list[Tile]

    @property
    def tiers(self):
        return [(tier, Cluster.Tier(tier).label, TIER_BADGES[tier]) for tier in TIERS]

    @property
    def scope_text(self):
        return SCOPES[self.scope]

    @property
    def cross_region(self):
        return sum(cluster.is_cross_region for cluster in self.clusters)

    @property
    def placements(self):
        """Clusters counted per province: above the total when clusters span provinces."""
        return sum(province.total for province in self.provinces)

    @property
    def province_gaps_shown(self):
        """Province gaps say something for the whole country or a jurisdiction, not for one body's clusters."""
        return self.scope in ("country", "public", "jurisdiction")

    @property
    def tile_rows(self):
        return TILE_ROWS

    @property
    def tile_columns(self):
        return TILE_COLUMNS


def layout_scope(viewer: Viewer | None) -> str:
    if viewer is None or viewer.reads_everything:
        return "country"
    return {
        Viewer.LOCAL: "jurisdiction",
        Viewer.CLUSTER_BODY: "own",
        Viewer.EXPERT: "assigned",
    }.get(viewer.kind, "public")


def layout_reference():
    """The provincial-level divisions and the industry fields (two queries)."""
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    fields = list(IndustryField.objects.order_by("position", "code"))
    return provinces, fields


def mainland(provinces):
    return [province for province in provinces if province.code[:2] not in OUTSIDE_PROGRAMME]


def compute_layout(
    *,
    clusters,
    filters: LayoutFilters,
    provinces: list[Region],
    fields: list[IndustryField],
    scope: str,
    jurisdiction_prefix: str | None = None,
) -> Layout:
    """The layout of `clusters` (a scoped Cluster queryset) under `filters`, in two queries. The tier filter
    chooses the clusters counted; the gaps look at the national-level clusters whatever the tier filter."""
    base = clusters.select_related(None).prefetch_related(None)
    if filters.field:
        base = base.filter(field_id=filters.field)
    if filters.stage:
        base = base.filter(stage=filters.stage)
    if filters.province:
        base = base.filter(in_jurisdiction(filters.province[:2]))

    rows = list(base.order_by("name", "pk").values_list("pk", "name", "name_en", "field_id", "tier", "stage"))
    found = {row[0]: LayoutCluster(*row) for row in rows}
    placements = (  # the regions of the clusters `base` chose, in whichever scope it was built (the public one)
        unscoped(ClusterRegion)
        .filter(cluster__in=base.order_by().values("pk"))
        .order_by("cluster_id", "position", "region_id")
        .values_list("cluster_id", "region_id", "region__name", "region__name_en")
    )
    for cluster_id, region_code, region_name, region_name_en in placements:
        cluster = found.get(cluster_id)
        if cluster is None:
            continue  # a cluster added between the two queries
        cluster.regions.append(LayoutRegion(region_code, region_name, region_name_en))
        code = province_code(region_code)
        if code not in cluster.provinces:
            cluster.provinces.append(code)

    province_by_code = {province.code: province for province in provinces}
    if filters.province:
        row_codes = [filters.province]
    else:
        placed = {code for cluster in found.values() for code in cluster.provinces}
        row_codes = [p.code for p in provinces if p.code[:2] not in OUTSIDE_PROGRAMME or p.code in placed]
    columns = [f for f in fields if not filters.field or f.code == filters.field]
    column_index = {f.code: index for index, f in enumerate(columns)}
    layout_fields = [LayoutField(code=f.code, name=f.name, name_en=f.name_en) for f in columns]
    layout_provinces = []
    for code in row_codes:
        region = province_by_code[code]
        layout_provinces.append(
            LayoutProvince(code=code, name=region.name, name_en=region.name_en, cells=[TierCounts() for _f in columns])
        )
    row_index = {province.code: province for province in layout_provinces}

    totals = TierCounts()
    counted = []
    national_fields = set()
    for cluster in sorted(found.values(), key=lambda c: (TIERS.index(c.tier), c.name, c.id)):
        if cluster.field not in column_index:
            continue
        if cluster.is_national_level:
            national_fields.add(cluster.field)
        for code in cluster.provinces:
            if code in row_index and cluster.is_national_level:
                row_index[code].national_level_any_tier += 1
        if filters.tiers and cluster.tier not in filters.tiers:
            continue
        counted.append(cluster)
        totals.add(cluster)
        layout_fields[column_index[cluster.field]].add(cluster)
        for code in cluster.provinces:
            province = row_index.get(code)
            if province is not None:
                province.add(cluster)
                province.cells[column_index[cluster.field]].add(cluster)

    if scope in ("country", "public"):
        reach = layout_provinces
    elif scope == "jurisdiction" and jurisdiction_prefix:
        reach = [p for p in layout_provinces if p.code[:2] == jurisdiction_prefix[:2]]
    else:
        reach = []
    tiles = [
        Tile(code, row, col, province_by_code[code].name, province_by_code[code].name_en, row_index.get(code))
        for code, (row, col) in TILE_GRID.items()
        if code in province_by_code
    ]
    return Layout(
        scope=scope,
        filters=filters,
        fields=layout_fields,
        provinces=layout_provinces,
        totals=totals,
        clusters=counted,
        fields_without_national=[f for f in layout_fields if f.code not in national_fields],
        provinces_without_national=[p for p in reach if not p.national_level_any_tier],
        province_gap_reach=reach,
        tiles=sorted(tiles, key=lambda tile: (tile.row, tile.col)),
    )


def filter_layout_form(data, *, public=False):
    """(form, provinces, fields) for a query: the form bound to `data` with the layout's choices."""
    provinces, fields = layout_reference()
    tiers = [tier for tier in TIERS if tier in NATIONAL_LEVEL] if public else TIERS
    form = LayoutFilterForm(data, fields=fields, provinces=mainland(provinces), tiers=tiers)
    return form, provinces, fields


def layout_for(*, clusters, viewer: Viewer | None, filters: LayoutFilters, provinces, fields, public=False) -> Layout:
    return compute_layout(
        clusters=clusters,
        filters=filters,
        provinces=provinces,
        fields=fields,
        scope="public" if public else layout_scope(viewer),
        jurisdiction_prefix=viewer.jurisdiction_prefix if viewer is not None else None,
    )


# The Excel export ---------------------------------------------------------------------------------------------------


def layout_sheets(layout: Layout):
    """(title, header, rows) of the workbook: the matrix, the clusters counted, the gaps."""
    tier_labels = [label for _tier, label, _badge in layout.tiers]
    matrix_header = [
        _("Province code"),
        pgettext_lazy("layout", "Province"),
        *(f.display_name for f in layout.fields),
        _("Total"),
        *tier_labels,
        _("National-level"),
    ]
    matrix_rows = [
        [
            province.code,
            province.display_name,
            *(cell.total for cell in province.cells),
            province.total,
            *(province.counts[tier] for tier in TIERS),
            province.national_level,
        ]
        for province in layout.provinces
    ]
    matrix_rows.append(
        [
            "",
            _("Total (each cluster once)"),
            *(f.total for f in layout.fields),
            layout.totals.total,
            *(layout.totals.counts[tier] for tier in TIERS),
            layout.totals.national_level,
        ]
    )
    matrix_rows.append([])
    matrix_rows.append(["", _("A cross-region cluster counts in every province it spans, and once in the totals.")])
    matrix_rows.append(["", _("Filters"), filters_text(layout)])

    field_names = {f.code: f.display_name for f in layout.fields}
    province_names = {p.code: p.display_name for p in layout.provinces}
    cluster_header = [
        _("ID"),
        _("Cluster"),
        _("English name"),
        _("Industry field"),
        _("Tier"),
        _("Development stage"),
        _("Provinces"),
        _("Regions"),
        _("Cross-region"),
    ]
    cluster_rows = [
        [
            cluster.id,
            cluster.name,
            cluster.name_en,
            field_names.get(cluster.field, cluster.field),
            cluster.tier_label,
            cluster.stage_label,
            "、".join(province_names.get(code, code) for code in cluster.provinces),
            "、".join(region.display_name for region in cluster.regions),
            _("yes") if cluster.is_cross_region else _("no"),
        ]
        for cluster in layout.clusters
    ]
    gap_header = [_("Gap"), _("Code"), pgettext_lazy("layout", "Name"), _("English name")]
    gap_rows = [
        [_("Industry field without a national-level cluster"), f.code, f.name, f.name_en]
        for f in layout.fields_without_national
    ] + [
        [_("Province without a national-level cluster"), p.code, p.name, p.name_en]
        for p in layout.provinces_without_national
    ]
    return [
        (_("Matrix"), matrix_header, matrix_rows),
        (_("Clusters"), cluster_header, cluster_rows),
        (_("Gaps"), gap_header, gap_rows),
    ]


def filters_text(layout: Layout) -> str:
    filters = layout.filters
    if not filters.active:
        return str(_("none"))
    parts = []
    if filters.tiers:
        parts.append(f"{_('Tier')}: " + "、".join(str(Cluster.Tier(tier).label) for tier in filters.tiers))
    if filters.field:
        parts.append(f"{_('Industry field')}: " + "、".join(f.display_name for f in layout.fields))
    if filters.province:
        parts.append(f"{pgettext_lazy('layout', 'Province')}: " + "、".join(p.display_name for p in layout.provinces))
    if filters.stage:
        parts.append(f"{_('Development stage')}: {Cluster.Stage(filters.stage).label}")
    return "; ".join(parts)
