"""The demo clusters' chain links mapped to the shared chain taxonomy (clusters/data/chain_categories.json): per
promotion body's slug, a category code for each link of clusters/demo/data.CHAIN_LINKS, in the same order."""

from clusters.models import ChainCategory, ChainLink, Cluster

from . import data as demo_data

_EQUIPMENT = ["base-components", "control-sensing", "complete-machines", "system-integration", "after-market"]

CHAIN_CATEGORIES = {
    "changsha-cm": [
        "base-components",
        "hydraulics-transmission",
        "complete-machines",
        "control-sensing",
        "after-market",
    ],
    "wuxi-iot": ["sensors", "networks", "software", "applications"],
    "shenzhen-ict": ["chips-components", "ic-design", "communication-equipment", "terminals", "software"],
    "nanjing-grid": [
        "generation-equipment",
        "transmission-equipment",
        "transmission-equipment",
        "distribution-equipment",
        "distribution-equipment",
        "grid-automation",
        "grid-automation",
        "energy-services",
        "industrial-security",
    ],
    "dongguan-terminals": ["ic-design", "chips-components", "power-supplies", "terminals", "applications"],
    "sz-gz-medical": ["core-parts", "imaging", "electronic-instruments", "implants-therapy", "clinical-services"],
    "hangzhou-security": ["ai-algorithms", "sensors", "software", "applications"],
    "wenzhou-electrical": ["base-components", "distribution-equipment", "transmission-equipment", "energy-services"],
    "gfh-uhd-home": ["panels-chips", "content-production", "appliances", "channels-services"],
    "hefei-voice": ["chips-components", "ai-algorithms", "software", "applications"],
    "xiangtan-equipment": _EQUIPMENT,
    "changzhou-equipment": _EQUIPMENT,
    "suzhou-software": ["software", "software", "software", "applications"],
    "wuhu-sensors": ["chips-components", "sensors", "packaging-testing", "applications"],
    "taizhou-pharma": ["intermediates", "apis", "formulations", "distribution"],
    "zhuhai-biomed": ["research-services", "innovative-drugs", "electronic-instruments", "distribution"],
    "zhongshan-home": ["motors-components", "appliances", "smart-control", "channels-services"],
    "ningbo-textiles": ["fibres-fabrics", "design", "garments", "brands-retail"],
}


def map_chain_links(*, log=print):
    """Set each demo chain link's category (by its cluster's slug and the link's name); idempotent. A cluster whose
    links were renamed keeps what it has."""
    categories = {(c.field_id, c.code): c for c in ChainCategory.objects.all()}
    clusters = Cluster.objects.select_related("promotion_body").filter(promotion_body__slug__in=CHAIN_CATEGORIES)
    changed = []
    for cluster in clusters:
        slug = cluster.promotion_body.slug
        names = [name for name, _en, _segment in demo_data.CHAIN_LINKS[slug]]
        codes = dict(zip(names, CHAIN_CATEGORIES[slug], strict=True))
        for link in ChainLink.objects.filter(cluster=cluster):
            category = categories.get((cluster.field_id, codes.get(link.name)))
            if category is not None and link.category_id != category.pk:
                link.category = category
                changed.append(link)
    ChainLink.objects.bulk_update(changed, ["category"])
    if changed:
        log(f"  chain taxonomy: {len(changed)} demo chain links mapped")
    return len(changed)
