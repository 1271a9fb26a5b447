"""Facts of the source article for the demo clusters: chain links, milestones, leading members and sizes.

Keyed by the promotion body's slug (tenancy.demo.PROMOTION_BODIES). Figures follow the article where it gives
them; the rest is plausible and marked as such by being generated (synthetic names, valid-checksum codes).
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

# (year, kind, title, description)
MILESTONES = {
    "changsha-cm": [
        (1969, "relocation", "浦沅机械厂迁至湖南", "20世纪60年代后，浦沅机械厂迁入湖南。"),
        (1978, "relocation", "一机部建设机械研究院迁至长沙", "研究院借城市建设之势，孕育出一批龙头企业。"),
        (1994, "leading_enterprise", "三一重工进入长沙", "三一、中联重科等龙头企业成长壮大。"),
        (2012, "transformation", "向智能化工程机械转型", "“工程机械之都”品牌确立。"),
    ],
    "wuxi-iot": [
        (2009, "trigger_event", "国务院批准建设国家传感网创新示范区", "无锡物联网集群的“触发事件”。"),
        (2012, "policy", "国家传感网创新示范区发展规划纲要", "依托民营经济和新技术、新要素抢占先机。"),
        (2018, "transformation", "形成物联网“生态群落”", "率先“生根发芽”，形成全国领先的产业生态。"),
    ],
    "shenzhen-ict": [
        (1988, "trigger_event", "赛格电子配套市场开业", "华强北电子市场成为专业化分工的支撑。"),
        (2000, "leading_enterprise", "华为、中兴通讯成长为全球通信设备龙头", "5万余家企业专业化分工协作。"),
    ],
    "nanjing-grid": [
        (2001, "leading_enterprise", "国电南瑞重组成立", "国电南瑞、国电南自、南京高精齿轮等龙头企业带动。"),
        (2018, "policy", "江苏省先进制造业集群培育指导意见", "列入江苏省13个重点培育的先进制造业集群。"),
    ],
    "dongguan-terminals": [
        (1995, "leading_enterprise", "引进诺基亚", "建立完整的手机硬件供应体系。"),
        (2012, "transformation", "诺基亚衰落后转向智能手机", "依托OPPO、vivo并引进华为研发制造基地。"),
        (2018, "transformation", "延伸至可穿戴、VR/AR和服务机器人", "形成以整机生产制造为主的一体化集群。"),
    ],
    "sz-gz-medical": [
        (1991, "leading_enterprise", "迈瑞医疗创立", "机电一体化高度发达催生高端医疗器械。"),
        (
            2015,
            "transformation",
            "生命科学与电子信息交叉融合",
            "数字影像诊断、植入式电子治疗、数字化手术设备快速发展。",
        ),
    ],
    "hangzhou-security": [
        (2001, "leading_enterprise", "海康威视创立", "带动机器视觉等领域“链式创新”。"),
        (2017, "policy", "“三名工程”深入实施", "引进名校名院名所。"),
        (2018, "trigger_event", "获批两个国家新一代人工智能开放创新平台", "海康威视视频感知、阿里云城市大脑。"),
    ],
    "wenzhou-electrical": [
        (1984, "trigger_event", "改革开放初期农村家庭作坊兴起", "集群源于改革开放时期的农村经济。"),
        (1991, "leading_enterprise", "正泰、德力西成长为龙头", "龙头企业相互促进，优化整合供应链。"),
        (2019, "transformation", "建设公共技术服务平台", "带动800余家专精特新中小企业创新发展。"),
    ],
    "gfh-uhd-home": [
        (1980, "leading_enterprise", "美的等民营家电企业起步", "民营化、原生态、重商文化。"),
        (2019, "policy", "广东省超高清视频产业发展行动计划", "行业协会、商会和集群发展促进中心推动“抱团发展”。"),
    ],
    "hefei-voice": [
        (1999, "leading_enterprise", "科大讯飞创立", "智能语音龙头企业。"),
        (2012, "policy", "安徽省与工业和信息化部签署合作协议", "共同推进合肥智能语音产业发展。"),
        (
            2018,
            "policy",
            "再次签署部省合作协议，打造“中国声谷”",
            "累计安排近20亿元扶持资金，设立总规模50亿元的产业基金。",
        ),
    ],
}

# Named leading members: (name, English name, chain-link index, designations)
LEADERS = {
    "changsha-cm": [
        ("三一重工股份有限公司", "Sany Heavy Industry", 2),
        ("中联重科股份有限公司", "Zoomlion", 2),
        ("山河智能装备股份有限公司", "Sunward", 2),
        ("中国铁建重工集团股份有限公司", "CRCHI", 2),
    ],
    "wuxi-iot": [
        ("无锡物联网产业研究院", "Wuxi IoT Research Institute", 2),
        ("华润微电子有限公司", "China Resources Microelectronics", 0),
    ],
    "shenzhen-ict": [("华为技术有限公司", "Huawei", 2), ("中兴通讯股份有限公司", "ZTE", 2)],
    "nanjing-grid": [
        ("国电南瑞科技股份有限公司", "NARI Technology", 5),
        ("国电南京自动化股份有限公司", "Guodian Nanjing Automation", 2),
        ("南京高精齿轮集团有限公司", "Nanjing High Accurate Drive", 0),
    ],
    "dongguan-terminals": [
        ("OPPO广东移动通信有限公司", "OPPO", 3),
        ("维沃移动通信有限公司", "vivo", 3),
        ("华为终端有限公司", "Huawei Device", 3),
    ],
    "sz-gz-medical": [
        ("深圳迈瑞生物医疗电子股份有限公司", "Mindray", 2),
        ("深圳市理邦精密仪器股份有限公司", "Edan Instruments", 2),
        ("深圳开立生物医疗科技股份有限公司", "SonoScape", 1),
    ],
    "hangzhou-security": [
        ("杭州海康威视数字技术股份有限公司", "Hikvision", 1),
        ("浙江大华技术股份有限公司", "Dahua", 1),
        ("阿里云计算有限公司", "Alibaba Cloud", 2),
    ],
    "wenzhou-electrical": [
        ("正泰电器股份有限公司", "Chint Electric", 1),
        ("德力西电气有限公司", "Delixi Electric", 1),
        ("金卡智能集团股份有限公司", "Goldcard Smart", 3),
        ("宏丰电工合金股份有限公司", "Hongfeng Electrical Alloy", 0),
    ],
    "gfh-uhd-home": [
        ("美的集团股份有限公司", "Midea", 2),
        ("TCL科技集团股份有限公司", "TCL", 2),
        ("广州视源电子科技股份有限公司", "CVTE", 1),
    ],
    "hefei-voice": [("科大讯飞股份有限公司", "iFLYTEK", 1)],
}

# How many members of each kind a demo cluster gets, and the article's designation counts.
# enterprises, universities, institutes, national platforms, provincial platforms, others
SIZES = {
    "changsha-cm": {
        "enterprise": 420,
        "university": 6,
        "research_institute": 8,
        "platform_national": 6,
        "platform_provincial": 24,
        "single_champion": 8,
        "little_giant": 30,
    },
    "wuxi-iot": {
        "enterprise": 380,
        "university": 5,
        "research_institute": 10,
        "platform_national": 5,
        "platform_provincial": 20,
        "single_champion": 4,
        "little_giant": 25,
    },
    # "Over 50,000 enterprises" in the article: the demo keeps tens of thousands (20,000) so that `make run`
    # stays quick on SQLite; `seed_demo --scale N` makes clusters of any size.
    "shenzhen-ict": {
        "enterprise": 20000,
        "university": 8,
        "research_institute": 20,
        "platform_national": 12,
        "platform_provincial": 60,
        "single_champion": 20,
        "little_giant": 120,
    },
    # 600+ large-scale enterprises, 17 single champions, 10 little giants.
    "nanjing-grid": {
        "enterprise": 620,
        "university": 6,
        "research_institute": 9,
        "platform_national": 8,
        "platform_provincial": 30,
        "single_champion": 17,
        "little_giant": 10,
    },
    "dongguan-terminals": {
        "enterprise": 600,
        "university": 3,
        "research_institute": 5,
        "platform_national": 3,
        "platform_provincial": 18,
        "single_champion": 6,
        "little_giant": 28,
    },
    "sz-gz-medical": {
        "enterprise": 450,
        "university": 8,
        "research_institute": 12,
        "platform_national": 6,
        "platform_provincial": 25,
        "single_champion": 7,
        "little_giant": 35,
    },
    # 40+ national and 180+ provincial innovation carriers.
    "hangzhou-security": {
        "enterprise": 400,
        "university": 7,
        "research_institute": 10,
        "platform_national": 42,
        "platform_provincial": 183,
        "single_champion": 9,
        "little_giant": 40,
    },
    # 800+ SRDI SMEs.
    "wenzhou-electrical": {
        "enterprise": 900,
        "university": 2,
        "research_institute": 4,
        "platform_national": 3,
        "platform_provincial": 15,
        "single_champion": 10,
        "little_giant": 36,
        "srdi_sme": 812,
    },
    "gfh-uhd-home": {
        "enterprise": 700,
        "university": 6,
        "research_institute": 8,
        "platform_national": 7,
        "platform_provincial": 28,
        "single_champion": 15,
        "little_giant": 40,
    },
    "hefei-voice": {
        "enterprise": 300,
        "university": 4,
        "research_institute": 6,
        "platform_national": 4,
        "platform_provincial": 15,
        "single_champion": 2,
        "little_giant": 18,
    },
}

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


def _candidate(enterprises, single_champions, little_giants):
    return {
        "enterprise": enterprises,
        "university": 2,
        "research_institute": 3,
        "platform_national": 1,
        "platform_provincial": 6,
        "single_champion": single_champions,
        "little_giant": little_giants,
    }


SIZES |= {
    "xiangtan-equipment": _candidate(260, 2, 14),
    "changzhou-equipment": _candidate(410, 3, 22),
    "suzhou-software": _candidate(320, 1, 19),
    "wuhu-sensors": _candidate(150, 1, 8),
    "taizhou-pharma": _candidate(230, 2, 11),
    "zhuhai-biomed": _candidate(140, 1, 9),
    "zhongshan-home": _candidate(520, 3, 12),
    "ningbo-textiles": _candidate(690, 2, 6),
}

# Share of supply into leading enterprises that comes from members inside the cluster's regions.
LOCAL_SUPPLY = {"nanjing-grid": 0.82}
