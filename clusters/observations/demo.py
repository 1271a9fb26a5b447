"""Demo observations: five years (2020–2024) of indicators for the clusters of the seed article and the candidates.

Every value comes from the cluster's own profile in clusters/demo/data.py (`latest_figures`, `growth`): its revenue,
field, stage, regions and member sizes. Where the article gives a figure the members and the observation both
carry it (Nanjing: 612 enterprises above designated size for "over 600", 17 single champions, 10 little giants, 82 %
local supporting for "over 80 %"; Hangzhou: 42 national and 183 provincial innovation carriers; Wenzhou Yueqing: 812
SRDI SMEs); the designation, platform, association and service-institution counts are the members'; the rest are
demo figures derived from the profile, so that no indicator is the same across the clusters. Earlier years divide
2024 by the indicator's yearly growth; counts are whole numbers, and small values keep four decimals so that a
growth rate is never an artefact of rounding. The article gives no yearly support funds for Hefei (only "nearly
2 billion" in total since 2012), so the demo files none. Idempotent: keyed on (cluster, indicator, year).
"""

from decimal import Decimal

from clusters.demo import data as demo_data
from clusters.models import Cluster, Indicator, Observation
from tenancy.demo import seeder
from tenancy.models import Organisation

YEARS = range(2020, 2025)
LATEST = 2024
SOURCE = "演示数据（集群促进机构填报）"


def demo_value(indicator, value) -> Decimal:
    """A demo figure in the indicator's terms: whole for a count, at most 100 for a percentage, two decimals from 1
    up and four significant ones below."""
    if indicator.unit == "%":
        value = min(value, 100)
    if indicator.unit in demo_data.COUNT_UNITS:
        return Decimal(round(value))
    if abs(value) >= 1:
        return Decimal(str(round(value, 2)))
    return Decimal(f"{value:.4g}").quantize(Decimal("0.0001"))


def series(indicator, latest, growth):
    """{year: value} for YEARS, from the 2024 value and the yearly growth."""
    return {year: demo_value(indicator, latest / growth ** (LATEST - year)) for year in YEARS}


# The queue the demo shows the governments: next year's first values of two clusters, submitted, not verified.
SUBMITTED_YEAR = 2025
SUBMITTED_SLUGS = ("nanjing-grid", "changsha-cm")
SUBMITTED_CODES = ("revenue", "export_share")


@seeder(order=60)
def seed_observations(*, scale=0, log=print):
    indicators = {i.code: i for i in Indicator.objects.all()}
    slugs = list(demo_data.PROFILES)  # the clusters of the article, then the candidates
    bodies = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    clusters = {
        c.promotion_body_id: c
        for c in Cluster.objects.filter(promotion_body_id__in=bodies.values()).prefetch_related("regions")
    }
    existing = {
        (o.cluster_id, o.indicator_id, o.year): o
        for o in Observation.objects.filter(cluster__in=clusters.values(), source=SOURCE)
    }
    new = []
    for slug in slugs:
        cluster = clusters.get(bodies.get(slug))
        if cluster is None:
            continue
        figures = demo_data.latest_figures(
            slug, cluster.field_id, stage=cluster.stage, regions=len(cluster.regions.all())
        )
        for code, latest in figures.items():
            indicator = indicators.get(code)
            if indicator is None:
                continue
            for year, value in series(indicator, latest, demo_data.growth(slug, code)).items():
                if (cluster.pk, indicator.pk, year) not in existing:
                    new.append(
                        Observation(
                            cluster=cluster,
                            indicator=indicator,
                            year=year,
                            value=value,
                            source=SOURCE,
                            status=Observation.Status.VERIFIED,  # the demo's history, verified by the governments
                        )
                    )
        if slug in SUBMITTED_SLUGS:  # a few values of the next year, filed and waiting in the governments' queue
            for code in SUBMITTED_CODES:
                indicator = indicators.get(code)
                if indicator is None or code not in figures:
                    continue
                if (cluster.pk, indicator.pk, SUBMITTED_YEAR) not in existing:
                    value = demo_value(indicator, figures[code] * demo_data.growth(slug, code))
                    new.append(
                        Observation(
                            cluster=cluster,
                            indicator=indicator,
                            year=SUBMITTED_YEAR,
                            value=value,
                            source=SOURCE,
                            status=Observation.Status.SUBMITTED,
                        )
                    )
    Observation.objects.bulk_create(new, ignore_conflicts=True)
    log(f"observations: {len(new)} new yearly values for {len(clusters)} clusters")
