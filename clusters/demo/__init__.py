"""Demo clusters: the national-level clusters named in the seed article, and the candidate (provincial-tier)
clusters that enter the demo competition. The candidates are synthetic: the article names none, so their names,
figures and members are made up (their summaries say so); their orders of magnitude are a provincial cluster's."""

from tenancy.demo import seeder
from tenancy.models import Organisation
from tenancy.search import fill

from ..members.demo import member_years_from_figures
from ..models import Cluster, ClusterRegion

# (promotion body slug, name, English name, field, regions, stage, summary)
CLUSTERS = [
    (
        "changsha-cm",
        "长沙市工程机械集群",
        "Changsha Construction Machinery Cluster",
        "high_end_equipment",
        ["430100"],
        Cluster.Stage.NETWORK,
        "起源于20世纪60年代后浦沅机械厂和一机部建设机械研究院先后迁至长沙；研究院孕育出三一、中联重科等龙头企业，"
        "长沙成为全球工程机械产品门类最齐全、知名企业最多的地区，享有“工程机械之都”美誉。",
    ),
    (
        "wuxi-iot",
        "无锡市物联网集群",
        "Wuxi Internet of Things Cluster",
        "ngit",
        ["320200"],
        Cluster.Stage.SURFACE,
        "2009年国务院批准无锡建设国家传感网创新示范区，成为集群的“触发事件”；依托发达的民营经济率先在物联网领域"
        "“生根发芽”，形成全国领先的物联网“生态群落”。",
    ),
    (
        "shenzhen-ict",
        "深圳市新一代信息通信集群",
        "Shenzhen New-Generation Information and Communication Cluster",
        "ngit",
        ["440300"],
        Cluster.Stage.NETWORK,
        "依托赛格电子配套市场和华强北，5万余家企业专注于电子元器件和智能终端的设计、研发、制造、服务与应用，"
        "形成专业化分工协作。",
    ),
    (
        "nanjing-grid",
        "南京市新型电力（智能电网）装备集群",
        "Nanjing New Power (Smart Grid) Equipment Cluster",
        "high_end_equipment",
        ["320100"],
        Cluster.Stage.NETWORK,
        "汇聚600余家规上工业企业、17家单项冠军企业和10家专精特新“小巨人”企业，分布在发、输、变、配、用、调度、通信、"
        "综合能源服务和电网安全九大环节，为国电南瑞、国电南自、南京高精齿轮等龙头企业提供80%以上本地配套。",
    ),
    (
        "dongguan-terminals",
        "东莞市智能移动终端集群",
        "Dongguan Smart Mobile Terminal Cluster",
        "ngit",
        ["441900"],
        Cluster.Stage.SURFACE,
        "引进诺基亚建立起完整的手机硬件供应体系；诺基亚衰落后依托OPPO、vivo和华为研发制造基地抢占智能手机赛道，"
        "并向智能穿戴、VR/AR、智能服务机器人延伸。",
    ),
    (
        "sz-gz-medical",
        "深广高端医疗器械集群",
        "Shenzhen–Guangzhou High-End Medical Device Cluster",
        "biomedicine",
        ["440300", "440100"],
        Cluster.Stage.SURFACE,
        "生命科学与电子信息技术交叉融合，发展出数字影像诊断、植入式电子治疗和数字化手术设备等高端产品，"
        "推动迈瑞等企业转型升级。",
    ),
    (
        "hangzhou-security",
        "杭州市数字安防集群",
        "Hangzhou Digital Security Cluster",
        "ngit",
        ["330100"],
        Cluster.Stage.NETWORK,
        "深入实施名校名院名所“三名工程”，依托40余家国家级创新载体和180余家省级科技创新载体，建成海康威视视频感知、"
        "阿里云城市大脑两个国家新一代人工智能开放创新平台。",
    ),
    (
        "wenzhou-electrical",
        "温州乐清电气集群",
        "Wenzhou Yueqing Electrical Cluster",
        "high_end_equipment",
        ["330382"],
        Cluster.Stage.SURFACE,
        "依托正泰、德力西等龙头企业相互促进，优化整合供应链、建设公共技术服务平台，带动800余家专精特新中小企业创新发展；"
        "源于改革开放时期的农村经济。",
    ),
    (
        "gfh-uhd-home",
        "广佛惠超高清视频和智能家电集群",
        "Guangzhou–Foshan–Huizhou Ultra-High-Definition Video and Smart Home Appliance Cluster",
        "consumer_goods",
        ["440100", "440600", "441300"],
        Cluster.Stage.SURFACE,
        "以民营化、原生态、重商文化为特征，依托民间自发形成的行业协会、商会和政府引导的集群发展促进中心，"
        "树立“竞合”与“抱团发展”理念。",
    ),
    (
        "hefei-voice",
        "合肥市智能语音集群",
        "Hefei Intelligent Voice Cluster",
        "ngit",
        ["340100"],
        Cluster.Stage.LINE,
        "安徽省于2012年、2018年两次与工业和信息化部签署合作协议，围绕“精准滴灌”“生态构建”出台系列政策措施，"
        "累计安排扶持资金近20亿元；先后设立总规模50亿元的智能语音及人工智能产业发展基金（基金规模，"
        "不是政府安排的扶持资金），打造“中国声谷”品牌。",
    ),
]


SYNTHETIC = "演示用候选集群（合成数据）：省级培育集群，名称、数据与成员均为演示而设，并非真实集群。"

# The candidates of the demo competition: (promotion body slug, name, English name, field, regions).
CANDIDATES = [
    (
        "xiangtan-equipment",
        "湘潭市智能装备集群",
        "Xiangtan Intelligent Equipment Cluster",
        "high_end_equipment",
        ["430300"],
    ),
    (
        "changzhou-equipment",
        "常州市智能装备集群",
        "Changzhou Intelligent Equipment Cluster",
        "high_end_equipment",
        ["320400"],
    ),
    ("suzhou-software", "苏州市工业软件集群", "Suzhou Industrial Software Cluster", "ngit", ["320500"]),
    ("wuhu-sensors", "芜湖市智能传感器集群", "Wuhu Smart Sensor Cluster", "ngit", ["340200"]),
    (
        "taizhou-pharma",
        "台州市化学原料药集群",
        "Taizhou Active Pharmaceutical Ingredients Cluster",
        "biomedicine",
        ["331000"],
    ),
    ("zhuhai-biomed", "珠海市生物医药集群", "Zhuhai Biomedicine Cluster", "biomedicine", ["440400"]),
    ("zhongshan-home", "中山市智能家电集群", "Zhongshan Smart Home Appliance Cluster", "consumer_goods", ["442000"]),
    (
        "ningbo-textiles",
        "宁波市时尚纺织服装集群",
        "Ningbo Fashion Textile and Garment Cluster",
        "consumer_goods",
        ["330200"],
    ),
]


def _set_regions(cluster, regions):
    ClusterRegion.objects.filter(cluster=cluster).exclude(region_id__in=regions).delete()
    for position, code in enumerate(regions):
        ClusterRegion.objects.update_or_create(cluster=cluster, region_id=code, defaults={"position": position})


@seeder(order=20)
def seed_clusters(*, scale=0, log=print):
    bodies = {org.slug: org for org in Organisation.objects.filter(kind=Organisation.Kind.CLUSTER_BODY)}
    for slug, name, name_en, field, regions, stage, summary in CLUSTERS:
        cluster, _created = Cluster.objects.update_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "field_id": field,
                "promotion_body": bodies[slug],
                "tier": Cluster.Tier.NATIONAL,
                "national_since": None,  # the article gives no year
                "stage": stage,
                "is_public": True,
                "summary": summary,
            },
        )
        _set_regions(cluster, regions)
    for slug, name, name_en, field, regions in CANDIDATES:
        cluster, created = Cluster.objects.get_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "field_id": field,
                "promotion_body": bodies[slug],
                "tier": Cluster.Tier.PROVINCIAL,  # a winner of the demo competition becomes national when it is seeded
                "stage": Cluster.Stage.LINE,
                "is_public": True,
                "summary": SYNTHETIC,
            },
        )
        _set_regions(cluster, regions)
    log(
        f"clusters: {len(CLUSTERS)} national-level clusters of the seed article, "
        f"{len(CANDIDATES)} synthetic provincial candidates"
    )


def credit_code(registry: str, region_code: str, serial: int) -> str:
    """A unified social credit code with a valid GB 32100 check digit (synthetic: demo and tests)."""
    from stdnum.cn import uscc

    if not 0 <= serial < 10**9:
        raise ValueError(f"serial {serial} does not fit the code's nine digits")
    body = f"{registry}{region_code}{serial:09d}"
    return body + uscc.calc_check_digit(body)


SURNAME_PARTS = "华中东南北新创恒瑞科信达通联宏泰德安盛智能天广金源丰祥和汇鑫圣嘉博远"
TRADE_WORDS = ["电子", "精密", "智能", "科技", "电气", "机械", "材料", "自动化", "信息", "装备", "传感", "软件", "光电"]
ORG_KINDS = [
    ("university", "大学", "91"),
    ("research_institute", "研究院", "12"),
    ("service_institution", "服务中心", "52"),
    ("industry_association", "行业协会", "51"),
    ("financial_institution", "产业投资基金", "91"),
    ("market", "电子市场", "91"),
]


def _company_name(rng, city, index):
    a, b = rng.choice(SURNAME_PARTS), rng.choice(SURNAME_PARTS)
    return f"{city}{a}{b}{rng.choice(TRADE_WORDS)}有限公司{index:05d}"


# Enterprise size classes by revenue (万元), after the national statistical standard for industry: large from 40,000,
# medium from 2,000, small from 300, micro below.
SIZE_FLOORS = (("large", 40_000), ("medium", 2_000), ("small", 300), ("micro", 0))


def size_class_of(revenue):
    return next(name for name, floor in SIZE_FLOORS if revenue >= floor)


def generate_members(
    cluster,
    slug,
    sizes,
    *,
    seed,
    leaders=(),
    chain_links=(),
    non_local_regions=("110100",),
    revenue_total=None,
    rd_intensity=None,
    productivity=80,
):
    """Deterministic members of a demo (or benchmark) cluster, as unsaved objects, with their chain-link rows.

    `leaders` are real enterprises: (name, English name, chain-link index, revenue in 亿元 or None, region or None);
    only their revenue is filled in. With `revenue_total` (万元), the generated enterprises' revenues are scaled so
    that all enterprises together earn exactly that (never more than the cluster's own figure); their size class,
    employees (revenue per employee `productivity`, 万元) and R&D spend (`rd_intensity` %, else 1–8 %) follow."""
    import random
    from decimal import Decimal

    from ..models import Member

    rng = random.Random(seed)
    regions = list(cluster.regions.values_list("code", "name"))
    city_code, city = regions[0]
    city = city.removesuffix("市")
    members, links = [], []
    serial = seed * 1_000_000

    def add(member, link_index=None):
        nonlocal serial
        serial += 1
        members.append(member)
        if chain_links:
            index = link_index if link_index is not None else rng.randrange(len(chain_links))
            links.append((len(members) - 1, chain_links[index % len(chain_links)]))

    leaders_revenue = 0
    for name, name_en, link_index, revenue, region in leaders:
        revenue = None if revenue is None else Decimal(revenue) * 10_000  # 亿元 → 万元
        leaders_revenue += revenue or 0
        add(
            Member(
                cluster=cluster,
                kind="enterprise",
                name=name,
                name_en=name_en,
                credit_code=credit_code("91", region or city_code, serial + 1),
                size_class="large",
                is_leading=True,
                region_id=region or city_code,
                is_local=True,
                revenue=revenue,
            ),
            link_index,
        )
    champions, giants, srdi = sizes.get("single_champion", 0), sizes.get("little_giant", 0), sizes.get("srdi_sme", 0)
    generated = []
    for index in range(sizes.get("enterprise", 0)):
        local = rng.random() < 0.85
        region_code = rng.choice(regions)[0] if local else rng.choice(non_local_regions)
        size = rng.choices(["large", "medium", "small", "micro"], [1, 3, 5, 2])[0]
        revenue = {"large": 200_000, "medium": 20_000, "small": 3_000, "micro": 500}[size] * (0.5 + rng.random())
        member = Member(
            cluster=cluster,
            kind="enterprise",
            name=_company_name(rng, city, index),
            credit_code=credit_code("91", region_code, serial + 1),
            size_class=size,
            is_single_champion=index < champions,
            is_little_giant=champions <= index < champions + giants,
            is_srdi_sme=champions <= index < champions + max(giants, srdi),
            is_high_tech=rng.random() < 0.4,
            region_id=region_code,
            is_local=local,
            patents=rng.randrange(0, 200),
            joined_year=rng.randrange(2000, 2026),
        )
        generated.append((member, revenue, rng.uniform(0.5, 1.5), rng.uniform(0.8, 1.2), rng.uniform(0.01, 0.08)))
        add(member)
    scale = 1.0
    if revenue_total is not None and generated:
        room = float(revenue_total) - float(leaders_revenue)
        if room <= 0:
            raise ValueError(f"{slug}: the leaders alone earn more than the members' revenue of {revenue_total} 万元")
        scale = room / sum(revenue for _member, revenue, *_rest in generated)
    for member, revenue, rd_noise, staff_noise, rd_share in generated:
        revenue = Decimal(str(round(revenue * scale, 2)))
        member.revenue = revenue
        if revenue_total is not None:
            member.size_class = size_class_of(revenue)
        member.employees = max(3, int(float(revenue) / productivity * staff_noise))
        share = rd_intensity / 100 * rd_noise if rd_intensity is not None else rd_share
        member.rd_spend = Decimal(str(round(float(revenue) * share, 2)))
    if revenue_total is not None and generated:
        # Cents lost to rounding go to the first generated enterprise, so that the total is exact.
        first = generated[0][0]
        first.revenue += Decimal(revenue_total) - leaders_revenue - sum(m.revenue for m, *_rest in generated)
    for kind, suffix, registry in ORG_KINDS:
        count = sizes.get(
            kind,
            {"service_institution": 6, "industry_association": 2, "financial_institution": 3, "market": 1}.get(kind, 0),
        )
        for index in range(count):
            add(
                Member(
                    cluster=cluster,
                    kind=kind,
                    name=f"{city}{rng.choice(TRADE_WORDS)}{suffix}{index + 1:03d}",
                    credit_code=credit_code(registry, city_code, serial + 1),
                    region_id=city_code,
                    is_local=True,
                    joined_year=rng.randrange(1990, 2024),
                )
            )
    for level, key, level_word in (
        ("national", "platform_national", "国家"),
        ("provincial", "platform_provincial", "省级"),
    ):
        for index in range(sizes.get(key, 0)):
            add(
                Member(
                    cluster=cluster,
                    kind="innovation_platform",
                    platform_level=level,
                    name=f"{city}{rng.choice(TRADE_WORDS)}{level_word}创新平台{index + 1:03d}",
                    credit_code=credit_code("12", city_code, serial + 1),
                    region_id=city_code,
                    is_local=True,
                    joined_year=rng.randrange(2005, 2025),
                )
            )
    return members, links


def generate_collaborations(cluster, members, *, seed, per_member=3, local_share=None):
    """Deterministic edges: supply into leading enterprises (with `local_share` of it from local members when
    given), supply between enterprises, R&D with universities, institutes and platforms, platform services."""
    import random
    from decimal import Decimal

    from ..models import Collaboration

    rng = random.Random(seed + 7)
    enterprises = [m for m in members if m.kind == "enterprise"]
    leaders = [m for m in enterprises if m.is_leading]
    local = [m for m in enterprises if m.is_local and not m.is_leading]
    outside = [m for m in enterprises if not m.is_local] or local
    knowledge = [m for m in members if m.kind in ("university", "research_institute", "innovation_platform")]
    services = [
        m
        for m in members
        if m.kind in ("service_institution", "industry_association", "financial_institution", "market")
    ]
    edges, seen = [], set()

    def add(source, target, kind, value=None):
        key = (source.pk, target.pk, kind)
        if source.pk == target.pk or key in seen:
            return
        seen.add(key)
        edges.append(
            Collaboration(
                cluster=cluster,
                source=source,
                target=target,
                kind=kind,
                value=Decimal(value) if value is not None else None,
                year=rng.randrange(2019, 2026),
            )
        )

    for leader in leaders:
        for _ in range(60):
            from_local = rng.random() < (local_share if local_share is not None else 0.7)
            add(rng.choice(local if from_local else outside), leader, "supply", rng.randrange(100, 5000))
    for _ in range(int(len(enterprises) * per_member * 0.6)):
        add(rng.choice(enterprises), rng.choice(enterprises), "supply", rng.randrange(10, 2000))
    if knowledge:
        for _ in range(int(len(enterprises) * per_member * 0.25)):
            add(rng.choice(knowledge), rng.choice(enterprises), rng.choice(["rd", "licensing", "talent", "standard"]))
    if services:
        for _ in range(int(len(enterprises) * per_member * 0.15)):
            add(rng.choice(services), rng.choice(enterprises), rng.choice(["platform_service", "investment"]))
    return edges


def populate_cluster(
    cluster,
    slug,
    *,
    sizes,
    seed,
    chain_links=(),
    milestones=(),
    leaders=(),
    local_share=None,
    log=print,
    **figures,
):
    """Fill an empty cluster with chain links, milestones, members and collaborations (bulk, deterministic)."""
    from ..models import ChainLink, Collaboration, Member, Milestone

    if Member.objects.filter(cluster=cluster).exists():
        return False
    links = [
        ChainLink.objects.create(cluster=cluster, name=name, name_en=name_en, segment=segment, position=position)
        for position, (name, name_en, segment) in enumerate(chain_links, start=1)
    ]
    Milestone.objects.bulk_create(
        [
            Milestone(cluster=cluster, year=year, kind=kind, title=title, description=text)
            for year, kind, title, text in milestones
        ]
    )
    members, member_links = generate_members(
        cluster, slug, sizes, seed=seed, leaders=leaders, chain_links=links, **figures
    )
    Member.objects.bulk_create(fill(members), batch_size=2000)  # fill: the search column (tenancy.search)
    through = Member.chain_links.through
    through.objects.bulk_create(
        [through(member_id=members[index].pk, chainlink_id=link.pk) for index, link in member_links], batch_size=5000
    )
    edges = generate_collaborations(cluster, members, seed=seed, local_share=local_share)
    Collaboration.objects.bulk_create(edges, batch_size=5000)
    log(f"  {cluster.name}: {len(links)} chain links, {len(members)} members, {len(edges)} collaborations")
    return True


@seeder(order=30)
def seed_observatory(*, scale=0, log=print):
    from . import categories as demo_categories
    from . import data as demo_data
    from . import milestones as demo_milestones

    clusters = {c.promotion_body.slug: c for c in Cluster.objects.select_related("promotion_body")}
    for seed, (slug, _name, _name_en, field, *_rest) in enumerate([*CLUSTERS, *CANDIDATES], start=1):
        populate_cluster(
            clusters[slug],
            slug,
            sizes=demo_data.SIZES[slug],
            seed=seed,
            chain_links=demo_data.CHAIN_LINKS[slug],
            milestones=demo_milestones.MILESTONES.get(slug, ()),
            leaders=demo_data.LEADERS.get(slug, ()),
            local_share=demo_data.LOCAL_SUPPLY.get(slug),
            log=log,
            revenue_total=demo_data.member_revenue_target(slug),
            rd_intensity=demo_data.PROFILES[slug]["rd"],
            productivity=demo_data.PRODUCTIVITY[field],
        )
    if scale:
        seed_benchmark_cluster(scale=scale, log=log)
    slugs = dict(Cluster.objects.values_list("pk", "promotion_body__slug"))

    def growth(cluster_id):
        slug = slugs.get(cluster_id)
        if slug not in demo_data.PROFILES and slug not in demo_data.CANDIDATE_PROFILES:
            return 1, 1
        return demo_data.growth(slug, "revenue"), demo_data.growth(slug, "employment")

    member_years_from_figures(log=log, growth=growth)
    demo_categories.map_chain_links(log=log)


# The benchmark cluster's seed: its members' serials start at seed × 1,000,000 (see `generate_members`), far
# from the demo clusters' (seeds 1–18) and below the nine digits a credit code's serial has, up to N = 50,000,000.
BENCHMARK_SEED = 900
BENCHMARK_LEADERS = [(f"基准龙头企业{i}", f"Benchmark leader {i}", i % 8, 50, None) for i in range(5)]
# Universities, institutes and platforms as sized below, and generate_members' default service institutions (6),
# associations (2), financial institutions (3) and market (1).
BENCHMARK_OTHER_MEMBERS = 10 + 10 + 10 + 20 + 6 + 2 + 3 + 1
BENCHMARK_MIN_SCALE = 100


def seed_benchmark_cluster(*, scale, log=print):
    """A large synthetic cluster (`seed_demo --scale N`, N ≥ BENCHMARK_MIN_SCALE): N members and about 3N
    collaborations."""
    if scale < BENCHMARK_MIN_SCALE:
        raise ValueError(f"the benchmark cluster has at least {BENCHMARK_MIN_SCALE} members")
    body, _created = Organisation.objects.get_or_create(
        slug="bench-body",
        defaults={
            "kind": Organisation.Kind.CLUSTER_BODY,
            "name": "基准测试集群促进机构",
            "name_en": "Benchmark cluster body",
            "region_id": "320500",
        },
    )
    cluster, _created = Cluster.objects.get_or_create(
        name=f"基准测试集群（{scale}）",
        defaults={
            "name_en": f"Benchmark cluster ({scale})",
            "field_id": "ngit",
            "promotion_body": body,
            "tier": Cluster.Tier.PROVINCIAL,
            "is_public": False,
        },
    )
    ClusterRegion.objects.get_or_create(cluster=cluster, region_id="320500")
    links = [(f"环节{i + 1}", f"Link {i + 1}", ["upstream", "midstream", "downstream"][i % 3]) for i in range(8)]
    sizes = {
        "university": 10,
        "research_institute": 10,
        "platform_national": 10,
        "platform_provincial": 20,
        "single_champion": scale // 100,
        "little_giant": scale // 50,
    }
    # Exactly `scale` members: the leaders and the other kinds (with generate_members' defaults) first.
    sizes["enterprise"] = scale - len(BENCHMARK_LEADERS) - BENCHMARK_OTHER_MEMBERS
    populate_cluster(
        cluster,
        "bench-body",
        sizes=sizes,
        seed=BENCHMARK_SEED,
        chain_links=links,
        leaders=BENCHMARK_LEADERS,
        log=log,
    )


from clusters.observations import demo as demo_observations  # noqa: E402, F401 - registers the demo observations seeder
