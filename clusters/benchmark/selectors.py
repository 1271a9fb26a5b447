"""Reads of the national benchmark: the cohorts' values, read past the viewer (every cluster counts), and each
cluster's standing in them, which is all that leaves this module (the method: clusters/benchmark/__init__.py).

The values of other clusters are read with `unscoped` and never returned: a `Standing` holds the own cluster's
value, its percentile rank, the cohort's size and band, or the reason nothing is shown. Who may read a cluster's
standing is the cluster's visibility (the pages and the API look the cluster up among `visible_clusters()`) and the
rule `clusters.view_benchmark`.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from clusters.benchmark.ranks import MIN_COHORT, Rank, rank_in
from clusters.diagnostic.axes import AXES, diagnose
from clusters.diagnostic.selectors import diagnostic_inputs_of
from clusters.models import Cluster, Indicator, Observation
from clusters.observations.selectors import format_value
from tenancy.scoping import unscoped


class Cohort(models.TextChoices):
    NATIONAL = "national", _("All clusters nationally")
    TIER = "tier", _("Clusters of the same tier")
    FIELD = "field", _("Clusters of the same industry field")


class Reason(models.TextChoices):
    """Why a standing shows no rank (the API's `reason`)."""

    NO_VALUE = "no_value", _("no counted value")
    COHORT_TOO_SMALL = "cohort_too_small", _("fewer than five clusters in the cohort: not shown")


@dataclass(frozen=True)
class Measure:
    """What a standing is of: an indicator (`kind` "indicator", `key` its code) or a diagnostic axis."""

    kind: str
    key: str
    label: str
    unit: str = ""
    higher_is_better: bool = True


@dataclass(frozen=True)
class Standing:
    measure: Measure
    value: object  # the own cluster's value (Decimal for an indicator, the 0–100 score for an axis), or None
    rank: Rank | None
    reason: str  # "" when the rank is shown, else a Reason

    @property
    def shown(self):
        return self.rank is not None

    @property
    def display_value(self):
        if self.value is None:
            return ""
        return format_value(self.value) if self.measure.kind == "indicator" else f"{self.value:.1f}"

    @property
    def reason_label(self):
        return Reason(self.reason).label if self.reason else ""


@dataclass
class Peers:
    """Every cluster's tier and industry field, to narrow a cohort (cluster pk -> (tier, field))."""

    of: dict = field(default_factory=dict)

    def group(self, cluster_id, cohort):
        """The cohort group a cluster is in: one national group, or its tier, or its field."""
        if cohort == Cohort.NATIONAL:
            return None
        return self.of.get(cluster_id, (None, None))[0 if cohort == Cohort.TIER else 1]


class Ranking:
    """One measure's counted values (cluster pk -> value, every cluster with one), sorted per cohort group once, so
    that ranking many clusters costs two bisections each."""

    def __init__(self, measure, values, peers, cohort):
        self.measure, self.values, self.peers, self.cohort = measure, values, peers, cohort
        self.groups = {}
        for pk, value in values.items():
            self.groups.setdefault(peers.group(pk, cohort), []).append(value)
        for ordered in self.groups.values():
            ordered.sort()

    def standing(self, cluster_id) -> Standing:
        own = self.values.get(cluster_id)
        if own is None:
            return Standing(self.measure, None, None, Reason.NO_VALUE)
        ordered = self.groups[self.peers.group(cluster_id, self.cohort)]
        rank = rank_in(own, ordered, higher_is_better=self.measure.higher_is_better)
        return Standing(self.measure, own, rank, "" if rank else Reason.COHORT_TOO_SMALL)


# The cohorts' values (read past the viewer) ---------------------------------------------------------------------------


def peers() -> Peers:
    return Peers({pk: (tier, field) for pk, tier, field in unscoped(Cluster).values_list("pk", "tier", "field_id")})


def benchmark_years():
    """(years with verified values, newest first; the default year): the latest year in which some indicator has
    a national cohort of at least five verified values, else the latest year with any. One query."""
    counts = (
        unscoped(Observation)
        .filter(status=Observation.Status.VERIFIED)
        .order_by()
        .values("year", "indicator_id")
        .annotate(n=Count("id"))
    )
    years, full = set(), set()
    for row in counts:
        years.add(row["year"])
        if row["n"] >= MIN_COHORT:
            full.add(row["year"])
    default = max(full or years or {None}, key=lambda year: year or 0)
    return sorted(years, reverse=True), default


def indicator_measure(indicator) -> Measure:
    return Measure("indicator", indicator.code, indicator.display_name, indicator.unit, indicator.higher_is_better)


def indicator_values(*, year, indicators=None) -> dict:
    """Indicator code -> {cluster pk -> verified value of `year`}, every cluster's (one query)."""
    rows = unscoped(Observation).filter(year=year, status=Observation.Status.VERIFIED).order_by()
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    values = {}
    for code, cluster_id, value in rows.values_list("indicator__code", "cluster_id", "value"):
        values.setdefault(code, {})[cluster_id] = value
    return values


def axis_measures() -> list[Measure]:
    return [Measure("axis", key, label) for key, label, *_rest in AXES]


def axis_scores() -> dict:
    """Axis key -> {cluster pk -> today's diagnostic score}, for every cluster the axis scores (six queries)."""
    scores = {key: {} for key, *_rest in AXES}
    for cluster_id, inputs in diagnostic_inputs_of(rows=unscoped).items():
        for axis in diagnose(inputs):
            if axis.score is not None:
                scores[axis.key][cluster_id] = axis.score
    return scores


# What the pages and the API read --------------------------------------------------------------------------------------


@dataclass
class ClusterBenchmark:
    cluster: Cluster
    year: int | None
    cohort: str
    indicators: list[Standing]
    axes: list[Standing]
    min_cohort: int = MIN_COHORT


def cluster_benchmark(*, cluster, year, cohort=Cohort.NATIONAL) -> ClusterBenchmark:
    """A cluster's standing on every indicator of the catalogue in `year` and on each diagnostic axis today."""
    everyone = peers()
    values = indicator_values(year=year) if year else {}
    indicators = [
        Ranking(indicator_measure(indicator), values.get(indicator.code, {}), everyone, cohort).standing(cluster.pk)
        for indicator in Indicator.objects.order_by("position", "code")
    ]
    return ClusterBenchmark(cluster, year, cohort, indicators, _axis_standings([cluster], everyone, cohort)[cluster.pk])


@dataclass
class BenchmarkRow:
    cluster: Cluster
    indicator: Standing | None
    axes: list[Standing]


def clusters_benchmark(*, clusters, year, indicator=None, cohort=Cohort.NATIONAL) -> list[BenchmarkRow]:
    """Each cluster's standing on the six axes and, given one, on `indicator` in `year`: a fixed number of queries
    whatever the number of clusters (the viewer's own, already read)."""
    clusters = list(clusters)
    everyone = peers()
    ranking = None
    if indicator is not None:
        values = indicator_values(year=year, indicators=[indicator]).get(indicator.code, {}) if year else {}
        ranking = Ranking(indicator_measure(indicator), values, everyone, cohort)
    axes = _axis_standings(clusters, everyone, cohort)
    return [
        BenchmarkRow(cluster, ranking.standing(cluster.pk) if ranking else None, axes[cluster.pk])
        for cluster in clusters
    ]


def _axis_standings(clusters, everyone, cohort):
    scores = axis_scores()
    rankings = [Ranking(measure, scores[measure.key], everyone, cohort) for measure in axis_measures()]
    return {cluster.pk: [ranking.standing(cluster.pk) for ranking in rankings] for cluster in clusters}
