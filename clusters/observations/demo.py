"""Demo observations: five years (2020–2024) of indicators for the clusters of the seed article.

The 2024 values use the article's figures where it gives them (Nanjing: 600+ enterprises above
designated size, 17 single champions, 10 little giants, over 80 % local supporting; Hangzhou: 40+
national and 180+ provincial innovation carriers; Wenzhou Yueqing: 800+ SRDI SMEs; Hefei: nearly
2 billion CNY of support); the rest are plausible, deterministic figures. Earlier years are derived
from 2024 with a fixed growth rate per indicator. Idempotent: keyed on (cluster, indicator, year).
"""

from decimal import Decimal

from clusters.models import Cluster, Indicator, Observation
from tenancy.demo import seeder
from tenancy.models import Organisation

YEARS = range(2020, 2025)
SOURCE = "演示数据（集群促进机构填报）"

# Common 2024 figures, then each cluster's own (promotion body slug → {code: value}).
COMMON = {
    "rd_intensity": 3.2,
    "invention_patents": 1200,
    "export_share": 18,
    "energy_per_output": 0.12,
    "digital_design_tools": 82,
    "nc_key_processes": 61,
    "promotion_staff": 12,
    "associations": 4,
    "standards_set": 25,
    "collaboration_events": 40,
}
CLUSTERS = {
    "changsha-cm": {"revenue": 2800, "above_scale_enterprises": 520, "single_champions": 9, "little_giants": 28},
    "wuxi-iot": {"revenue": 4300, "above_scale_enterprises": 700, "national_innovation_platforms": 18},
    "shenzhen-ict": {"revenue": 15000, "above_scale_enterprises": 5200, "export_share": 45, "invention_patents": 9000},
    "nanjing-grid": {
        "revenue": 3600,
        "above_scale_enterprises": 612,
        "single_champions": 17,
        "little_giants": 10,
        "local_supporting_rate": 82,
        "chain_link_coverage": 100,
    },
    "dongguan-terminals": {"revenue": 6500, "above_scale_enterprises": 1100, "export_share": 38},
    "sz-gz-medical": {"revenue": 1900, "above_scale_enterprises": 430, "rd_intensity": 7.5},
    "hangzhou-security": {
        "revenue": 3500,
        "national_innovation_platforms": 42,
        "provincial_innovation_carriers": 185,
        "rd_intensity": 8.1,
    },
    "wenzhou-electrical": {"revenue": 1700, "srdi_smes": 812, "above_scale_enterprises": 1450},
    "gfh-uhd-home": {"revenue": 8000, "above_scale_enterprises": 2100, "associations": 11},
    "hefei-voice": {"revenue": 1300, "policy_support_funds": 4, "national_innovation_platforms": 9},
}
GROWTH = {"revenue": 1.08, "above_scale_enterprises": 1.04, "invention_patents": 1.1, "energy_per_output": 0.96}


@seeder(order=60)
def seed_observations(*, scale=0, log=print):
    indicators = {i.code: i for i in Indicator.objects.all()}
    bodies = dict(Organisation.objects.filter(slug__in=CLUSTERS).values_list("slug", "pk"))
    clusters = {c.promotion_body_id: c for c in Cluster.objects.filter(promotion_body_id__in=bodies.values())}
    existing = {
        (o.cluster_id, o.indicator_id, o.year): o
        for o in Observation.objects.filter(cluster__in=clusters.values(), source=SOURCE)
    }
    new = []
    for slug, own in CLUSTERS.items():
        cluster = clusters.get(bodies.get(slug))
        if cluster is None:
            continue
        for code, latest in {**COMMON, **own}.items():
            indicator = indicators.get(code)
            if indicator is None:
                continue
            growth = GROWTH.get(code, 1.03)
            for year in YEARS:
                value = latest / growth ** (2024 - year)
                if indicator.unit == "%":
                    value = min(value, 100)
                value = Decimal(str(round(value, 2 if value < 100 else 0)))
                key = (cluster.pk, indicator.pk, year)
                if key not in existing:
                    new.append(Observation(cluster=cluster, indicator=indicator, year=year, value=value, source=SOURCE))
    Observation.objects.bulk_create(new, ignore_conflicts=True)
    log(f"observations: {len(new)} new yearly values for {len(clusters)} clusters")
