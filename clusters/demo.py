"""Demo clusters: the national-level clusters named in the seed article."""

from tenancy.demo import seeder
from tenancy.models import Organisation

from .models import Cluster, ClusterRegion

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
        "安徽省于2012年、2018年两次与工业和信息化部签署合作协议，累计安排近20亿元扶持资金，设立总规模50亿元的"
        "智能语音及人工智能产业基金，打造“中国声谷”品牌。",
    ),
]


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
                "national_since": 2021,
                "stage": stage,
                "is_public": True,
                "summary": summary,
            },
        )
        ClusterRegion.objects.filter(cluster=cluster).exclude(region_id__in=regions).delete()
        for position, code in enumerate(regions):
            ClusterRegion.objects.update_or_create(cluster=cluster, region_id=code, defaults={"position": position})
    log(f"clusters: {len(CLUSTERS)} national-level clusters of the seed article")


from . import demo_observations  # noqa: E402, F401 - registers the demo observations seeder
