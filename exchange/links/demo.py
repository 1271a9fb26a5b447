"""Demo collaborations between clusters, from the seed article's facts: Dongguan's smart mobile terminals buy
components from Shenzhen's new-generation ICT cluster; Huawei's R&D works with Huawei Device in Dongguan and with
Mindray in the Shenzhen–Guangzhou medical devices cluster; Wuxi's IoT cluster supplies power semiconductors to
Nanjing's smart grid. Four are confirmed, one (ZTE → vivo) waits for Dongguan's body. Years are the demo's data
years (2023, 2024); values in 万元.

Idempotent: a collaboration of the same two members and kind, whatever its state, is not made again."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from clusters.models import ChainLink, Cluster, Member
from exchange.links.models import ClusterLink
from exchange.links.services import link_confirm, link_propose
from tenancy.demo import seeder

# (source body, source member or ("link", chain link name), target body, target member, kind, 万元, year, confirmed)
LINKS = [
    (
        "shenzhen-ict",
        ("link", "电子元器件"),
        "dongguan-terminals",
        "OPPO广东移动通信有限公司",
        "supply",
        "18600",
        2023,
        True,
    ),
    ("shenzhen-ict", "华为技术有限公司", "dongguan-terminals", "华为终端有限公司", "licensing", "52000", 2023, True),
    ("shenzhen-ict", "华为技术有限公司", "sz-gz-medical", "深圳迈瑞生物医疗电子股份有限公司", "rd", "3200", 2024, True),
    ("wuxi-iot", "华润微电子有限公司", "nanjing-grid", "国电南瑞科技股份有限公司", "supply", "9800", 2024, True),
    (
        "shenzhen-ict",
        "中兴通讯股份有限公司",
        "dongguan-terminals",
        "维沃移动通信有限公司",
        "supply",
        "12000",
        2024,
        False,
    ),
]
NOTES = {
    "supply": "年度供货框架协议",
    "licensing": "通信标准必要专利许可",
    "rd": "5G 智慧医疗联合研发",
}


def _member(cluster, spec):
    if isinstance(spec, tuple):  # the first enterprise (by name) of a chain link that is not a leading one
        link = ChainLink.objects.filter(cluster=cluster, name=spec[1]).first()
        members = Member.objects.filter(cluster=cluster, kind=Member.Kind.ENTERPRISE, is_leading=False)
        return members.filter(chain_links=link).order_by("name", "pk").first() if link else None
    return Member.objects.filter(cluster=cluster, name=spec).order_by("pk").first()


@seeder(order=90)  # after the clusters, their members and chain links
def seed_cluster_links(*, scale=0, log=print):
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in={s[0] for s in LINKS} | {s[2] for s in LINKS})
    }
    clusters = {
        c.promotion_body.slug: c
        for c in Cluster.objects.select_related("promotion_body").filter(promotion_body__slug__in=users)
    }
    made = 0
    for source_body, source_spec, target_body, target_name, kind, value, year, confirmed in LINKS:
        if source_body not in clusters or target_body not in clusters or source_body not in users:
            continue
        source = _member(clusters[source_body], source_spec)
        target = _member(clusters[target_body], target_name)
        if source is None or target is None:
            continue
        if ClusterLink.objects.filter(source=source, target=target, kind=kind).exists():
            continue
        link = link_propose(
            by=users[source_body],
            source=source,
            target_cluster=clusters[target_body],
            target_credit_code=target.credit_code,
            target_name="" if target.credit_code else target.name,
            kind=kind,
            value=Decimal(value),
            year=year,
            note=NOTES[kind],
        )
        if confirmed and target_body in users:
            link_confirm(link=link, by=users[target_body])
        made += 1
    log(f"collaborations between clusters: {made} new")
