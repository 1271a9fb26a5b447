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
# Provincial candidates: common figures, then each candidate's own.
CANDIDATE_COMMON = {
    "invention_patents": 300,
    "export_share": 12,
    "energy_per_output": 0.15,
    "digital_design_tools": 70,
    "nc_key_processes": 52,
    "promotion_staff": 5,
    "associations": 2,
    "standards_set": 6,
    "collaboration_events": 15,
}


def _candidate(revenue, rd_intensity, enterprises, single_champions, little_giants, local_supporting_rate):
    return {
        "revenue": revenue,
        "rd_intensity": rd_intensity,
        "above_scale_enterprises": enterprises,
        "single_champions": single_champions,
        "little_giants": little_giants,
        "local_supporting_rate": local_supporting_rate,
    }


CANDIDATES = {
    "xiangtan-equipment": _candidate(620, 2.6, 260, 2, 14, 58),
    "changzhou-equipment": _candidate(880, 2.9, 410, 3, 22, 63),
    "suzhou-software": _candidate(540, 6.8, 320, 1, 19, 55),
    "wuhu-sensors": _candidate(310, 4.1, 150, 1, 8, 52),
    "taizhou-pharma": _candidate(450, 3.9, 230, 2, 11, 60),
    "zhuhai-biomed": _candidate(390, 6.2, 140, 1, 9, 48),
    "zhongshan-home": _candidate(760, 2.4, 520, 3, 12, 71),
    "ningbo-textiles": _candidate(1150, 1.8, 690, 2, 6, 66),
}
GROWTH = {"revenue": 1.08, "above_scale_enterprises": 1.04, "invention_patents": 1.1, "energy_per_output": 0.96}


@seeder(order=60)
def seed_observations(*, scale=0, log=print):
    indicators = {i.code: i for i in Indicator.objects.all()}
    figures = {slug: {**COMMON, **own} for slug, own in CLUSTERS.items()}
    figures |= {slug: {**CANDIDATE_COMMON, **own} for slug, own in CANDIDATES.items()}
    bodies = dict(Organisation.objects.filter(slug__in=figures).values_list("slug", "pk"))
    clusters = {c.promotion_body_id: c for c in Cluster.objects.filter(promotion_body_id__in=bodies.values())}
    existing = {
        (o.cluster_id, o.indicator_id, o.year): o
        for o in Observation.objects.filter(cluster__in=clusters.values(), source=SOURCE)
    }
    new = []
    for slug, latest_figures in figures.items():
        cluster = clusters.get(bodies.get(slug))
        if cluster is None:
            continue
        for code, latest in latest_figures.items():
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
