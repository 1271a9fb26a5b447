"""Reads of the observation platform: the indicator catalogue, the observations a viewer may read, the review
queue, a cluster's indicators × years table and the comparison of clusters.

Who may read an observation is its cluster's visibility (`cluster_child_visibility`), applied by the scoped manager.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from clusters.models import Cluster, Indicator, Observation
from clusters.profiles.selectors import visible_clusters

MAX_COMPARED_CLUSTERS = 10


def indicator_catalogue():
    """The catalogue in its reading order (category by category, as shipped)."""
    return Indicator.objects.order_by("position", "code")


def visible_observations():
    """Observations the current scope's viewer may read (with their cluster)."""
    return Observation.objects.select_related("indicator", "cluster").order_by(
        "cluster_id", "indicator__position", "year"
    )


def review_queue(*, status=Observation.Status.SUBMITTED):
    """The observations in `status` (submitted: waiting for verification) that the viewer may read; a
    government reads the clusters of its jurisdiction, the ministry all."""
    queryset = visible_observations().order_by("cluster__name", "cluster_id", "indicator__position", "year")
    return queryset.filter(status=status) if status else queryset


def format_value(value) -> str:
    """A stored value without its padding zeros: Decimal('1200.5000') → '1200.5'."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Cell:
    year: int
    observation: Observation | None

    @property
    def display(self):
        return format_value(self.observation.value) if self.observation else ""


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[Cell]
    observed: int = 0


@dataclass
class ObservationTable:
    years: list[int]
    rows: list[IndicatorRow]
    series: dict = field(default_factory=dict)  # code -> {"name", "unit", "years", "values"} for the charts
    count: int = 0


def observation_table(*, cluster: Cluster, max_years: int | None = None) -> ObservationTable:
    """The cluster's observations as indicators × years (two queries whatever the number of rows)."""
    indicators = list(indicator_catalogue())
    observations = list(Observation.objects.filter(cluster=cluster).order_by("year"))
    years = sorted({o.year for o in observations})
    if max_years:
        years = years[-max_years:]
    by_key = {(o.indicator_id, o.year): o for o in observations}
    rows, series = [], {}
    for indicator in indicators:
        cells = [Cell(year, by_key.get((indicator.pk, year))) for year in years]
        own = [o for o in observations if o.indicator_id == indicator.pk]
        rows.append(IndicatorRow(indicator=indicator, cells=cells, observed=len(own)))
        if own:
            series[indicator.code] = {
                "name": indicator.display_name,
                "unit": indicator.unit,
                "higher_is_better": indicator.higher_is_better,
                "years": [o.year for o in own],
                "values": [float(o.value) for o in own],
            }
    return ObservationTable(years=years, rows=rows, series=series, count=len(observations))


@dataclass
class Comparison:
    indicator: Indicator
    clusters: list[Cluster]
    years: list[int]
    values: dict  # cluster pk -> {year: Decimal}

    def rows(self):
        """One row per cluster: the cluster and its value (or None) for each year."""
        return [(cluster, [self.values.get(cluster.pk, {}).get(y) for y in self.years]) for cluster in self.clusters]


def comparison(*, clusters: list[Cluster], indicator: Indicator) -> Comparison:
    values: dict = {}
    rows = Observation.objects.filter(cluster__in=[c.pk for c in clusters], indicator=indicator).values_list(
        "cluster_id", "year", "value"
    )
    for cluster_id, year, value in rows:
        values.setdefault(cluster_id, {})[year] = value
    years = sorted({year for per_cluster in values.values() for year in per_cluster})
    return Comparison(indicator=indicator, clusters=clusters, years=years, values=values)


def clusters_to_compare(ids: list[int]) -> list[Cluster]:
    """The visible clusters with these ids, in the order given. An id the viewer may not see is a 404
    (raised by the caller), never silently left out: see `missing_cluster_ids`."""
    found = {c.pk: c for c in visible_clusters().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


# Work queues (clusters/work.py) ------------------------------------------------------------------------------------


def clusters_missing_data(*, year: int, tiers):
    """The clusters the viewer may read, of the given tiers (those that file the yearly indicators), that have not
    filed (submitted or verified) every indicator of the catalogue for `year`, each with `filed` (how many they
    have) and the catalogue's size as `total`; by name. Two queries whatever the number of clusters."""
    from django.db.models import Count, IntegerField, Q, Value

    total = Indicator.objects.count()
    filed = Count(
        "observations__indicator",
        distinct=True,
        filter=Q(observations__year=year, observations__status__in=Observation.FILED),
    )
    return (
        Cluster.objects.filter(tier__in=tiers)
        .annotate(filed=filed, total=Value(total, output_field=IntegerField()))
        .filter(filed__lt=total)
        .order_by("name", "pk")
    )


def returned_observations(*, organisation_id):
    """Observations the government returned to the promotion body `organisation_id`, to be corrected and submitted
    again; by cluster, indicator and year."""
    return (
        visible_observations()
        .filter(status=Observation.Status.RETURNED, cluster__promotion_body_id=organisation_id)
        .order_by("cluster__name", "cluster_id", "indicator__position", "year", "pk")
    )
