"""Facts of the source article for the demo clusters: chain links, leading members, sizes and figures.

Keyed by the promotion body's slug (tenancy.demo.PROMOTION_BODIES); the milestones are in clusters/demo/milestones.py.
Figures follow the article where it gives them; the rest is plausible and marked as such by being generated
(synthetic names, valid-checksum codes).
"""

# (name, English name, segment)
CHAIN_LINKS = {
    "changsha-cm": [
        ("核心零部件", "Core components", "upstream"),
        ("液压与传动", "Hydraulics and transmission", "upstream"),
        ("整机制造", "Machine assembly", "midstream"),
        ("智能控制", "Intelligent control", "midstream"),
        ("后市场服务", "After-market services", "downstream"),
    ],
    "wuxi-iot": [
        ("传感器与芯片", "Sensors and chips", "upstream"),
        ("网络传输", "Network transmission", "midstream"),
        ("平台与软件", "Platforms and software", "midstream"),
        ("行业应用", "Industry applications", "downstream"),
    ],
    "shenzhen-ict": [
        ("电子元器件", "Electronic components", "upstream"),
        ("集成电路设计", "IC design", "upstream"),
        ("通信设备", "Communication equipment", "midstream"),
        ("智能终端", "Smart terminals", "midstream"),
        ("信息服务与应用", "Information services and applications", "downstream"),
    ],
    # The nine links named in the article.
    "nanjing-grid": [
        ("发电", "Generation", "upstream"),
        ("输电", "Transmission", "upstream"),
        ("变电", "Transformation", "midstream"),
        ("配电", "Distribution", "midstream"),
        ("用电", "Consumption", "downstream"),
        ("调度", "Dispatching", "midstream"),
        ("通信", "Communication", "midstream"),
        ("综合能源服务", "Comprehensive energy services", "downstream"),
        ("电网安全", "Power network security", "downstream"),
    ],
    "dongguan-terminals": [
        ("方案设计", "Solution design", "upstream"),
        ("元器件与模组", "Components and modules", "upstream"),
        ("电池", "Batteries", "upstream"),
        ("整机制造", "Complete machine manufacturing", "midstream"),
        ("应用服务", "Application services", "downstream"),
    ],
    "sz-gz-medical": [
        ("核心部件", "Core parts", "upstream"),
        ("医学影像诊断", "Medical imaging diagnosis", "midstream"),
        ("医用电子仪器", "Medical electronic instruments", "midstream"),
        ("植入与治疗器械", "Implantable and therapeutic devices", "midstream"),
        ("临床应用与服务", "Clinical use and services", "downstream"),
    ],
    "hangzhou-security": [
        ("芯片与算法", "Chips and algorithms", "upstream"),
        ("前端感知设备", "Front-end perception devices", "midstream"),
        ("平台与软件", "Platforms and software", "midstream"),
        ("系统集成与运营", "System integration and operation", "downstream"),
    ],
    "wenzhou-electrical": [
        ("原材料与元器件", "Materials and components", "upstream"),
        ("低压电器", "Low-voltage apparatus", "midstream"),
        ("输配电设备", "Transmission and distribution equipment", "midstream"),
        ("智能电气与服务", "Smart electrical systems and services", "downstream"),
    ],
    "gfh-uhd-home": [
        ("面板与芯片", "Panels and chips", "upstream"),
        ("超高清内容制作", "UHD content production", "midstream"),
        ("整机与家电制造", "Sets and appliance manufacturing", "midstream"),
        ("渠道与应用", "Channels and applications", "downstream"),
    ],
    "hefei-voice": [
        ("语音芯片", "Voice chips", "upstream"),
        ("语音与语义算法", "Speech and semantic algorithms", "midstream"),
        ("开放平台", "Open platforms", "midstream"),
        ("行业应用", "Industry applications", "downstream"),
    ],
}

# Named leading members: (name, English name, chain-link index, revenue in 亿元 or None, region code or None).
# Revenues are each enterprise's (or, where said, its group's) operating revenue of 2023 from its public annual
# report, rounded to whole 亿元 — REVENUE_SOURCE_YEAR. An enterprise without a public report (unlisted) has none.
# The region is the cluster's first region unless given. Employees, R&D, patents and joining years of these real
# enterprises are not known to the demo and are left empty.
REVENUE_SOURCE_YEAR = 2023
LEADERS = {
    "changsha-cm": [
        ("三一重工股份有限公司", "Sany Heavy Industry", 2, 740, None),  # 2023 annual report: 740.2亿
        ("中联重科股份有限公司", "Zoomlion", 2, 471, None),  # 470.7亿
        ("山河智能装备股份有限公司", "Sunward", 2, 73, None),  # 约73亿
        ("中国铁建重工集团股份有限公司", "CRCHI", 2, 100, None),  # 约100亿
    ],
    "wuxi-iot": [
        ("华润微电子有限公司", "China Resources Microelectronics", 0, 99, None),  # 99.0亿
    ],
    "shenzhen-ict": [
        ("华为技术有限公司", "Huawei", 2, 7042, None),  # 华为投资控股 2023 年报，集团口径 7,042亿
        ("中兴通讯股份有限公司", "ZTE", 2, 1242, None),  # 1,242.5亿
    ],
    "nanjing-grid": [
        ("国电南瑞科技股份有限公司", "NARI Technology", 5, 516, None),  # 515.7亿
        ("国电南京自动化股份有限公司", "Guodian Nanjing Automation", 2, 80, None),  # 约80亿
        # Its parent 中国高速传动 (HK 0658), group revenue incl. commodity trading: 240.8亿.
        ("南京高精齿轮集团有限公司", "Nanjing High Accurate Drive", 0, 241, None),
    ],
    "dongguan-terminals": [
        ("OPPO广东移动通信有限公司", "OPPO", 3, None, None),  # unlisted: no public annual report
        ("维沃移动通信有限公司", "vivo", 3, None, None),  # unlisted
        ("华为终端有限公司", "Huawei Device", 3, 2515, None),  # 华为 2023 年报终端业务收入 2,515亿
    ],
    "sz-gz-medical": [
        ("深圳迈瑞生物医疗电子股份有限公司", "Mindray", 2, 349, None),  # 349.3亿
        ("深圳市理邦精密仪器股份有限公司", "Edan Instruments", 2, 20, None),  # 约20亿
        ("深圳开立生物医疗科技股份有限公司", "SonoScape", 1, 21, None),  # 21.2亿
    ],
    "hangzhou-security": [
        ("杭州海康威视数字技术股份有限公司", "Hikvision", 1, 893, None),  # 893.4亿
        ("浙江大华技术股份有限公司", "Dahua", 1, 322, None),  # 322.2亿
        # 阿里巴巴 2024 财年（截至2024年3月）云智能集团收入 1,064亿 — the only figure of 2023–24 it publishes.
        ("阿里云计算有限公司", "Alibaba Cloud", 2, 1064, None),
    ],
    "wenzhou-electrical": [
        ("正泰电器股份有限公司", "Chint Electric", 1, 573, None),  # 572.5亿
        ("德力西电气有限公司", "Delixi Electric", 1, None, None),  # unlisted joint venture
        ("金卡智能集团股份有限公司", "Goldcard Smart", 3, 29, None),  # 约29亿
        ("温州宏丰电工合金股份有限公司", "Hongfeng Electrical Alloy", 0, 40, None),  # 约40亿
    ],
    "gfh-uhd-home": [
        ("美的集团股份有限公司", "Midea", 2, 3737, "440600"),  # 佛山; 营业总收入 3,737亿
        ("TCL科技集团股份有限公司", "TCL", 2, 1744, "441300"),  # 惠州; 1,743.7亿
        ("广州视源电子科技股份有限公司", "CVTE", 1, 202, "440100"),  # 201.7亿
    ],
    "hefei-voice": [("科大讯飞股份有限公司", "iFLYTEK", 1, 197, None)],  # 196.5亿
}

# How many members of each kind a demo cluster gets. Where the article gives a figure, the members match it
# (Shenzhen: over 50,000 enterprises; Nanjing: 600+ enterprises above designated size, 17 single champions, 10 little
# giants; Hangzhou: 40+ national and 180+ provincial innovation carriers; Wenzhou Yueqing: 800+ SRDI SMEs); the rest
# are demo figures of each cluster's scale. The designation counts, platforms, associations and service
# institutions are also the cluster's own observations (clusters/observations/demo.py), so that members and the
# cluster's figures agree. `srdi_sme` counts the little giants too (they are SRDI SMEs).
SIZES = {
    "changsha-cm": {
        "enterprise": 420,
        "university": 6,
        "research_institute": 8,
        "platform_national": 6,
        "platform_provincial": 24,
        "single_champion": 9,
        "little_giant": 28,
        "industry_association": 3,
        "service_institution": 7,
    },
    "wuxi-iot": {
        "enterprise": 380,
        "university": 5,
        "research_institute": 10,
        "platform_national": 18,
        "platform_provincial": 40,
        "single_champion": 4,
        "little_giant": 25,
        "industry_association": 4,
        "service_institution": 9,
    },
    "shenzhen-ict": {
        "enterprise": 50_200,
        "university": 8,
        "research_institute": 20,
        "platform_national": 30,
        "platform_provincial": 120,
        "single_champion": 20,
        "little_giant": 120,
        "industry_association": 6,
        "service_institution": 14,
        "market": 2,
    },
    "nanjing-grid": {
        "enterprise": 620,
        "university": 6,
        "research_institute": 9,
        "platform_national": 8,
        "platform_provincial": 30,
        "single_champion": 17,
        "little_giant": 10,
        "industry_association": 3,
        "service_institution": 6,
    },
    "dongguan-terminals": {
        "enterprise": 600,
        "university": 3,
        "research_institute": 5,
        "platform_national": 3,
        "platform_provincial": 18,
        "single_champion": 6,
        "little_giant": 28,
        "industry_association": 3,
        "service_institution": 5,
    },
    "sz-gz-medical": {
        "enterprise": 450,
        "university": 8,
        "research_institute": 12,
        "platform_national": 6,
        "platform_provincial": 25,
        "single_champion": 7,
        "little_giant": 35,
        "industry_association": 3,
        "service_institution": 8,
    },
    "hangzhou-security": {
        "enterprise": 400,
        "university": 7,
        "research_institute": 10,
        "platform_national": 42,
        "platform_provincial": 183,
        "single_champion": 9,
        "little_giant": 40,
        "industry_association": 4,
        "service_institution": 10,
    },
    "wenzhou-electrical": {
        "enterprise": 900,
        "university": 2,
        "research_institute": 4,
        "platform_national": 6,
        "platform_provincial": 15,
        "single_champion": 10,
        "little_giant": 36,
        "srdi_sme": 812,
        "industry_association": 7,
        "service_institution": 6,
    },
    "gfh-uhd-home": {
        "enterprise": 700,
        "university": 6,
        "research_institute": 8,
        "platform_national": 7,
        "platform_provincial": 28,
        "single_champion": 15,
        "little_giant": 40,
        "industry_association": 11,
        "service_institution": 9,
    },
    "hefei-voice": {
        "enterprise": 300,
        "university": 4,
        "research_institute": 6,
        "platform_national": 9,
        "platform_provincial": 15,
        "single_champion": 2,
        "little_giant": 18,
        "industry_association": 3,
        "service_institution": 5,
    },
}

# Each national cluster's own profile (demo figures: the article gives none of them), from which every indicator of
# the demo is derived (`latest_figures`, `growth`): revenue in 亿元 in 2024 and its yearly growth, the share of it
# that the members hold, enterprises above designated size, R&D intensity (%), export share (%), digital design tool
# and numerical-control rates (%), energy per output (tce per 万元) and its yearly change. A falling series is
# deliberate where it says so.
PROFILES = {
    "changsha-cm": {
        "revenue": 2800,
        "revenue_growth": 1.04,
        "member_share": 0.88,
        "above_scale": 520,
        "rd": 4.3,
        "export": 21,
        "digital": 80,
        "nc": 74,
        "energy": 0.062,
        "energy_change": 0.96,
    },
    "wuxi-iot": {
        "revenue": 4300,
        "revenue_growth": 1.10,
        "member_share": 0.85,
        "above_scale": 700,
        "rd": 5.6,
        "export": 24,
        "digital": 86,
        "nc": 63,
        "energy": 0.041,
        "energy_change": 0.95,
    },
    "shenzhen-ict": {
        "revenue": 15000,
        "revenue_growth": 1.08,
        "member_share": 0.92,
        "above_scale": 5200,
        "rd": 7.8,
        "export": 45,
        "digital": 91,
        "nc": 68,
        "energy": 0.028,
        "energy_change": 0.96,
    },
    "nanjing-grid": {
        "revenue": 3600,
        "revenue_growth": 1.09,
        "member_share": 0.86,
        "above_scale": 612,
        "rd": 5.1,
        "export": 9,
        "digital": 84,
        "nc": 77,
        "energy": 0.048,
        "energy_change": 0.97,
        "local_supporting_rate": 82,
        "chain_link_coverage": 100,
    },
    # Invention patents granted fall 4 % a year: the monitoring's "indicator falling" warning has a reason to show.
    "dongguan-terminals": {
        "revenue": 6500,
        "revenue_growth": 1.03,
        "member_share": 0.88,
        "above_scale": 1100,
        "rd": 4.6,
        "export": 38,
        "digital": 83,
        "nc": 71,
        "energy": 0.036,
        "energy_change": 0.97,
        "patents_growth": 0.96,
    },
    "sz-gz-medical": {
        "revenue": 1900,
        "revenue_growth": 1.11,
        "member_share": 0.84,
        "above_scale": 430,
        "rd": 9.2,
        "export": 27,
        "digital": 78,
        "nc": 60,
        "energy": 0.031,
        "energy_change": 0.96,
    },
    "hangzhou-security": {
        "revenue": 3500,
        "revenue_growth": 1.07,
        "member_share": 0.90,
        "above_scale": 390,
        "rd": 8.1,
        "export": 22,
        "digital": 89,
        "nc": 62,
        "energy": 0.026,
        "energy_change": 0.95,
    },
    "wenzhou-electrical": {
        "revenue": 1700,
        "revenue_growth": 1.06,
        "member_share": 0.87,
        "above_scale": 1450,
        "rd": 4.0,
        "export": 17,
        "digital": 79,
        "nc": 75,
        "energy": 0.055,
        "energy_change": 0.97,
    },
    "gfh-uhd-home": {
        "revenue": 8000,
        "revenue_growth": 1.05,
        "member_share": 0.90,
        "above_scale": 2100,
        "rd": 3.6,
        "export": 31,
        "digital": 77,
        "nc": 72,
        "energy": 0.044,
        "energy_change": 0.96,
    },
    "hefei-voice": {
        "revenue": 1300,
        "revenue_growth": 1.14,
        "member_share": 0.80,
        "above_scale": 260,
        "rd": 11.5,
        "export": 6,
        "digital": 88,
        "nc": 55,
        "energy": 0.022,
        "energy_change": 0.95,
    },
}

# Per field: invention patents granted per 亿元 of R&D spend, and revenue per employee (万元).
PATENTS_PER_RD = {"ngit": 12, "high_end_equipment": 10, "biomedicine": 8, "consumer_goods": 9}
PRODUCTIVITY = {"ngit": 160, "high_end_equipment": 130, "biomedicine": 120, "consumer_goods": 110}

# The candidate clusters of the demo competition (synthetic): generic chain links of their field, and sizes of a
# provincial cluster; their enterprises, single champions and little giants match their observations
# (clusters/observations/demo.py).
_EQUIPMENT = [
    ("核心零部件", "Core components", "upstream"),
    ("数控系统与传感", "CNC systems and sensing", "upstream"),
    ("整机装配", "Machine assembly", "midstream"),
    ("系统集成", "System integration", "midstream"),
    ("运维服务", "Maintenance services", "downstream"),
]
CHAIN_LINKS |= {
    "xiangtan-equipment": _EQUIPMENT,
    "changzhou-equipment": _EQUIPMENT,
    "suzhou-software": [
        ("基础软件", "Base software", "upstream"),
        ("研发设计软件", "R&D design software", "midstream"),
        ("生产控制软件", "Production control software", "midstream"),
        ("行业解决方案", "Industry solutions", "downstream"),
    ],
    "wuhu-sensors": [
        ("敏感材料与芯片", "Sensing materials and chips", "upstream"),
        ("传感器设计", "Sensor design", "midstream"),
        ("封装测试", "Packaging and testing", "midstream"),
        ("终端应用", "Applications", "downstream"),
    ],
    "taizhou-pharma": [
        ("医药中间体", "Intermediates", "upstream"),
        ("化学原料药", "Active pharmaceutical ingredients", "midstream"),
        ("制剂", "Formulations", "midstream"),
        ("医药流通", "Distribution", "downstream"),
    ],
    "zhuhai-biomed": [
        ("研发外包服务", "Contract research", "upstream"),
        ("创新药", "Innovative drugs", "midstream"),
        ("医疗器械", "Medical devices", "midstream"),
        ("医药流通", "Distribution", "downstream"),
    ],
    "zhongshan-home": [
        ("电机与零部件", "Motors and components", "upstream"),
        ("整机制造", "Appliance assembly", "midstream"),
        ("智能控制", "Smart control", "midstream"),
        ("销售与服务", "Sales and service", "downstream"),
    ],
    "ningbo-textiles": [
        ("纤维与面料", "Fibres and fabrics", "upstream"),
        ("服装设计", "Garment design", "midstream"),
        ("服装制造", "Garment making", "midstream"),
        ("品牌与零售", "Brands and retail", "downstream"),
    ],
}


# The candidates' figures (synthetic): revenue (亿元), R&D intensity (%), enterprises above designated size, single
# champions, little giants, local supporting rate (%), and the field. Their other indicators are derived from these.
CANDIDATE_PROFILES = {
    "xiangtan-equipment": ("high_end_equipment", 620, 2.6, 260, 2, 14, 58),
    "changzhou-equipment": ("high_end_equipment", 880, 2.9, 410, 3, 22, 63),
    "suzhou-software": ("ngit", 540, 6.8, 320, 1, 19, 55),
    "wuhu-sensors": ("ngit", 310, 4.1, 150, 1, 8, 52),
    "taizhou-pharma": ("biomedicine", 450, 3.9, 230, 2, 11, 60),
    "zhuhai-biomed": ("biomedicine", 390, 6.2, 140, 1, 9, 48),
    "zhongshan-home": ("consumer_goods", 760, 2.4, 520, 3, 12, 71),
    "ningbo-textiles": ("consumer_goods", 1150, 1.8, 690, 2, 6, 66),
}
# A field's export share (%) and energy per output (tce per 万元) for a provincial cluster, before its own R&D
# intensity moves them.
CANDIDATE_FIELD = {
    "high_end_equipment": (14, 0.07),
    "ngit": (18, 0.04),
    "biomedicine": (20, 0.06),
    "consumer_goods": (26, 0.05),
}


def _candidate(enterprises, single_champions, little_giants):
    return {
        "enterprise": enterprises,
        "university": 2,
        "research_institute": 3,
        "platform_national": 1 + enterprises // 150,
        "platform_provincial": 4 + enterprises // 60,
        "single_champion": single_champions,
        "little_giant": little_giants,
        "industry_association": 1 + enterprises // 200,
        "service_institution": 2 + enterprises // 150,
    }


SIZES |= {
    slug: _candidate(enterprises, champions, giants)
    for slug, (_field, _revenue, _rd, enterprises, champions, giants, _local) in CANDIDATE_PROFILES.items()
}
for _slug, (_field, _revenue, _rd, *_rest) in CANDIDATE_PROFILES.items():
    PROFILES[_slug] = {"field": _field, "revenue": _revenue, "member_share": 0.85, "rd": _rd}

# Share of supply into leading enterprises that comes from members inside the cluster's regions.
LOCAL_SUPPLY = {"nanjing-grid": 0.82}

# Units of the catalogue's count indicators: their values are whole numbers.
COUNT_UNITS = {"家", "件", "个", "人", "项", "场"}
# Financial institutions and markets per cluster unless its sizes say otherwise (see clusters.demo.generate_members).
DEFAULT_FINANCIAL_INSTITUTIONS = 3


def member_revenue_target(slug):
    """What the members' enterprises earn together (万元): the share of the cluster's revenue that they hold."""
    profile = PROFILES[slug]
    return round(profile["revenue"] * profile["member_share"] * 10_000)


def leaders_over_10bn(slug):
    return sum(1 for leader in LEADERS.get(slug, ()) if leader[3] is not None and leader[3] > 100)


def latest_figures(slug, field, stage="line", regions=1):
    """The cluster's 2024 value of each indicator the demo gives it (plain numbers in the catalogue's units), all
    derived from its profile and sizes, so that no two clusters share their figures by accident."""
    if slug in CANDIDATE_PROFILES:
        return _candidate_figures(slug)
    profile, sizes = PROFILES[slug], SIZES[slug]
    revenue, rd = profile["revenue"], profile["rd"]
    associations = sizes.get("industry_association", 2)
    stage_bonus = {"network": 10, "surface": 5}.get(stage, 0)
    figures = {
        "revenue": revenue,
        "above_scale_enterprises": profile["above_scale"],
        "enterprises_over_10bn": leaders_over_10bn(slug),
        "employment": revenue / PRODUCTIVITY[field],
        "rd_intensity": rd,
        "invention_patents": revenue * rd / 100 * PATENTS_PER_RD[field],
        "national_innovation_platforms": sizes["platform_national"],
        "provincial_innovation_carriers": sizes["platform_provincial"],
        "single_champions": sizes["single_champion"],
        "little_giants": sizes["little_giant"],
        "srdi_smes": max(sizes["little_giant"], sizes.get("srdi_sme", 0)),
        "service_institutions": sizes.get("service_institution", 6) + DEFAULT_FINANCIAL_INSTITUTIONS,
        "export_share": profile["export"],
        "energy_per_output": profile["energy"],
        "digital_design_tools": profile["digital"],
        "nc_key_processes": profile["nc"],
        "promotion_staff": 4 + revenue / 800 + 2 * (regions - 1) + sizes["platform_national"] / 10,
        "associations": associations,
        "standards_set": 0.6 * sizes["platform_national"] + 1.5 * len(LEADERS.get(slug, ())) + revenue / 250,
        "collaboration_events": 8 + 3 * associations + sizes["platform_provincial"] / 5 + stage_bonus,
    }
    for code in ("local_supporting_rate", "chain_link_coverage"):
        if code in profile:
            figures[code] = profile[code]
    return figures


def _candidate_figures(slug):
    field, revenue, rd, enterprises, champions, giants, local = CANDIDATE_PROFILES[slug]
    sizes = SIZES[slug]
    export, energy = CANDIDATE_FIELD[field]
    return {
        "revenue": revenue,
        "rd_intensity": rd,
        "above_scale_enterprises": enterprises,
        "single_champions": champions,
        "little_giants": giants,
        "local_supporting_rate": local,
        "invention_patents": revenue * rd / 100 * PATENTS_PER_RD[field],
        "export_share": export + revenue / 100 - rd,
        "energy_per_output": energy * (1 - rd / 30),
        "digital_design_tools": 60 + 3 * rd,
        "nc_key_processes": 45 + local / 5 + rd,
        "promotion_staff": 3 + revenue / 300,
        "associations": sizes["industry_association"],
        "national_innovation_platforms": sizes["platform_national"],
        "provincial_innovation_carriers": sizes["platform_provincial"],
        "standards_set": 2 + champions + giants / 4,
        "collaboration_events": 6 + 3 * sizes["industry_association"] + enterprises / 50,
    }


# Yearly growth of an indicator (the demo's earlier years are the 2024 value divided by it, year by year).
CANDIDATE_GROWTH = {
    "revenue": 1.08,
    "above_scale_enterprises": 1.04,
    "invention_patents": 1.1,
    "energy_per_output": 0.96,
}


def growth(slug, code):
    if slug in CANDIDATE_PROFILES:
        return CANDIDATE_GROWTH.get(code, 1.03)
    profile = PROFILES[slug]
    revenue_growth = profile["revenue_growth"]
    return {
        "revenue": revenue_growth,
        "employment": 1 + (revenue_growth - 1) / 3,
        "above_scale_enterprises": 1 + (revenue_growth - 1) / 2,
        "invention_patents": profile.get("patents_growth", revenue_growth + 0.03),
        "energy_per_output": profile["energy_change"],
        "export_share": 1.01,
        "digital_design_tools": 1.03,
        "nc_key_processes": 1.02,
        "enterprises_over_10bn": 1,
    }.get(code, 1.05)
