"""Demo data of the competitions: the 2024 competition as the programme ran it (a group round 小组赛 and a
comprehensive round 综合赛), the demo clusters in their tracks, a rubric per round, and entries of the demo
promotion bodies in every state of the first round (draft, submitted, returned, endorsed, eligible).

Each transition is made through the services at a fixed instant inside the round's windows (`now=`), so the
trail reads like the real timeline and the data is the same at every run. Seeding again changes nothing.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import Cluster, Indicator, Observation
from evaluations.competitions import services as competition_services
from evaluations.entries import services
from evaluations.models import SECTIONS, Competition, Criterion, Dimension
from tenancy.demo import seeder
from tenancy.models import IndustryField
from tenancy.scoping import unscoped

SHANGHAI = ZoneInfo("Asia/Shanghai")
NAME = "2024年先进制造业集群竞赛"


def at(month, day, hour=10, minute=0):
    return datetime.datetime(2024, month, day, hour, minute, tzinfo=SHANGHAI)


DESCRIPTION = (
    "工业和信息化部自2019年起组织先进制造业集群竞赛：2021年确定25个国家先进制造业集群，2022年底增至45个，"
    "2024年竞赛后达到80个。2024年竞赛共51个集群进入决赛，分小组赛与综合赛两轮评审，结果经5天公示后公布。"
    "集群促进机构提交参赛材料，由所在省级工业和信息化主管部门审核推荐。"
)

ROUNDS = [
    {
        "position": 1,
        "name": "小组赛",
        "name_en": "Group round",
        "submission_opens": at(3, 1, 9),
        "submission_closes": at(4, 30, 17),
        "review_opens": at(5, 13, 9),
        "review_closes": at(6, 14, 17),
        "advancement_rule": "top_n",
        "advance_top_n": 6,
        "criteria": [
            ("集群发展基础与规模", "Development base and scale", "expert", 15, None, Dimension.RESOURCE_ENDOWMENT),
            (
                "产业链分工与协作",
                "Division of labour along the chain",
                "expert",
                20,
                None,
                Dimension.DIVISION_OF_LABOUR,
            ),
            (
                "创新能力与技术扩散",
                "Innovation and technology diffusion",
                "expert",
                15,
                None,
                Dimension.TECHNOLOGY_DIFFUSION,
            ),
            (
                "集群促进机构与治理",
                "Promotion body and governance",
                "expert",
                10,
                None,
                Dimension.INSTITUTIONAL_CULTURE,
            ),
            ("营业收入", "Revenue", "indicator", 15, "revenue", Dimension.RESOURCE_ENDOWMENT),
            ("研发投入强度", "R&D intensity", "indicator", 10, "rd_intensity", Dimension.TECHNOLOGY_DIFFUSION),
            (
                "专精特新“小巨人”企业数",
                "Little giants",
                "indicator",
                5,
                "little_giants",
                Dimension.DERIVATIVE_EXPANSION,
            ),
            (
                "本地配套率",
                "Local supporting rate",
                "indicator",
                10,
                "local_supporting_rate",
                Dimension.DIVISION_OF_LABOUR,
            ),
        ],
    },
    {
        "position": 2,
        "name": "综合赛",
        "name_en": "Comprehensive round",
        "submission_opens": at(7, 1, 9),
        "submission_closes": at(7, 31, 17),
        "review_opens": at(8, 19, 9),
        "review_closes": at(9, 20, 17),
        "advancement_rule": "threshold",
        "advance_threshold": Decimal("80"),
        "criteria": [
            (
                "培育提升方案与发展路径",
                "Cultivation plan and development path",
                "expert",
                30,
                None,
                Dimension.POLICY_GUIDANCE,
            ),
            (
                "国际竞争力与自我更新",
                "International competitiveness and self-renewal",
                "expert",
                25,
                None,
                Dimension.DERIVATIVE_EXPANSION,
            ),
            ("答辩综合表现", "Defence", "expert", 20, None, Dimension.INSTITUTIONAL_CULTURE),
            ("营业收入", "Revenue", "indicator", 15, "revenue", Dimension.RESOURCE_ENDOWMENT),
            ("研发投入强度", "R&D intensity", "indicator", 10, "rd_intensity", Dimension.TECHNOLOGY_DIFFUSION),
        ],
    },
]

# Promotion body → (state in the group round, the governments' comments). Cross-region clusters (Shenzhen–
# Guangzhou, Guangzhou–Foshan–Huizhou) need every supervising government at the competition's level: both lie in
# Guangdong, so at the provincial level Guangdong's endorsement is the one they need.
ENTRIES = {
    "changsha-cm": ("eligible", "同意推荐，长沙工程机械集群产业链完整、龙头带动作用突出。"),
    "wuxi-iot": ("endorsed", "同意推荐。"),
    "shenzhen-ict": ("submitted", ""),
    "nanjing-grid": ("eligible", "同意推荐，本地配套率高于80%。"),
    "dongguan-terminals": ("returned", "请补充2023年本地配套率的统计口径说明，并上传统计部门出具的佐证材料。"),
    "sz-gz-medical": ("submitted", ""),
    "hangzhou-security": ("draft", ""),
    "wenzhou-electrical": ("endorsed", "同意推荐。"),
    "gfh-uhd-home": ("endorsed", "同意推荐，广佛惠三市协同机制运行良好。"),
    "hefei-voice": ("draft", ""),
}
GOVERNMENT_OF = {
    "changsha-cm": "hunan",
    "wuxi-iot": "jiangsu",
    "shenzhen-ict": "guangdong",
    "nanjing-grid": "jiangsu",
    "dongguan-terminals": "guangdong",
    "sz-gz-medical": "guangdong",
    "hangzhou-security": "zhejiang",
    "wenzhou-electrical": "zhejiang",
    "gfh-uhd-home": "guangdong",
    "hefei-voice": "anhui",
}


# Ranges set with the rubric for the indicators that few clusters report (their national distribution is too thin
# to scale against); the others are scaled against the 10th–90th percentile of the clusters' 2023 observations.
INDICATOR_RANGES = {"little_giants": (Decimal(0), Decimal(60)), "local_supporting_rate": (Decimal(50), Decimal(90))}


def _sections(cluster):
    texts = {
        "overview": f"{cluster.name}是国家先进制造业集群。{cluster.summary}",
        "chain": f"{cluster.name}围绕产业链关键环节布局，龙头企业带动配套企业协同发展，本地配套能力持续提升。",
        "innovation": "集群建有国家级和省级创新平台，企业研发投入强度逐年提高，产学研合作与技术扩散活跃。",
        "openness": "集群积极参与跨区域和国际合作，引进海外人才与技术，产品出口保持增长。",
        "governance": "集群促进机构实行理事会治理，为成员提供公共服务、标准制定和产业对接等服务。",
        "plan": "未来三年，集群将围绕强链补链、数字化转型和绿色发展，打造具有国际竞争力的先进制造业集群。",
    }
    return {key: texts[key] for key, _label, _help in SECTIONS}


def _claimed_value(cluster, code):
    observation = (
        unscoped(Observation).filter(cluster=cluster, indicator__code=code, year__lte=2023).order_by("-year").first()
    )
    if observation is not None:
        return observation.value
    return Decimal(60 + (len(cluster.name) * 7 + len(code)) % 35)  # a plausible figure (also as a percentage)


def _evidence(slug, code):
    content = f"%PDF-1.4\n% {slug} {code} 2023 statistical evidence (demo)\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{slug}-{code}-2023.pdf", content, content_type="application/pdf")


@seeder(order=70)  # after the observations: claimed values are the clusters' 2023 figures
def seed_competitions(*, scale=0, log=print):
    if unscoped(Competition).filter(name=NAME).exists():
        log("competitions: the 2024 competition is already there")
        return
    users = {u.username: u for u in get_user_model().objects.all()}
    ministry = users["ministry"]
    fields = [
        IndustryField.objects.get(pk=code) for code in ("high_end_equipment", "ngit", "biomedicine", "consumer_goods")
    ]
    competition = competition_services.competition_create(
        year=2024,
        name=NAME,
        name_en="2024 Advanced Manufacturing Cluster Competition",
        description=DESCRIPTION,
        # The demo's entrants are the platform's demo clusters, which are national-level already.
        entry_tiers=Cluster.Tier.values,
        fields=fields,
        by=ministry,
    )
    rounds = []
    for spec in ROUNDS:
        spec = dict(spec)
        criteria = spec.pop("criteria")
        round_ = competition_services.round_create(competition=competition, by=ministry, **spec)
        competition_services.rubric_replace(
            round=round_,
            criteria=[
                {
                    "name": name,
                    "name_en": name_en,
                    "kind": kind,
                    "weight": weight,
                    "max_score": 100,
                    "indicator": Indicator.objects.get(code=code) if code else None,
                    "floor": INDICATOR_RANGES.get(code, (None, None))[0],
                    "ceiling": INDICATOR_RANGES.get(code, (None, None))[1],
                    "dimension": dimension,
                }
                for name, name_en, kind, weight, code, dimension in criteria
            ],
            by=ministry,
        )
        rounds.append(round_)
    competition_services.competition_publish(competition=competition, by=ministry)
    group_round = rounds[0]
    indicator_criteria = list(
        unscoped(Criterion)
        .filter(round=group_round, kind=Criterion.Kind.INDICATOR)
        .select_related("indicator")
        .order_by("position")
    )
    clusters = {c.promotion_body.slug: c for c in unscoped(Cluster).select_related("promotion_body")}
    for day, (slug, (state, comment)) in enumerate(ENTRIES.items()):
        cluster, body = clusters.get(slug), users.get(slug)
        if cluster is None or body is None:
            continue
        government = users[GOVERNMENT_OF[slug]]
        started = at(3, 4 + day)
        submission = services.submission_create(round=group_round, cluster=cluster, by=body, now=started)
        sections = _sections(cluster)
        if state == "draft":
            sections = {key: sections[key] for key in list(sections)[:3]}  # half-written
        services.submission_save_draft(
            submission=submission, sections=sections, revision=submission.revision, by=body, now=started
        )
        for criterion in indicator_criteria if state != "draft" else indicator_criteria[:1]:
            code = criterion.indicator.code
            services.claimed_value_set(
                submission=submission,
                criterion=criterion,
                value=_claimed_value(cluster, code),
                note="2023年统计数据",
                evidence=_evidence(slug, code),
                by=body,
                now=started,
            )
        if state == "draft":
            continue
        services.submission_submit(submission=submission, by=body, now=at(4, 8 + day))
        if state == "returned":
            services.submission_return(submission=submission, by=government, comment=comment, now=at(4, 20, 15))
        elif state in ("endorsed", "eligible"):
            services.submission_endorse(submission=submission, by=government, comment=comment, now=at(5, 6, 11))
            if state == "eligible":
                services.submission_mark_eligible(submission=submission, by=ministry, now=at(5, 10, 16))
    log(f"competitions: {NAME}, 2 rounds, {len(ENTRIES)} group-round entries")
