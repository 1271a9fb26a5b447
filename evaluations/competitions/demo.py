"""Demo data of the competitions: the 2024 competition for candidate (provincial-tier) clusters, in two rounds (a
blind group round 小组赛 and a comprehensive round 综合赛), a rubric per round with the indicators' reference ranges,
and the group round's entries of the candidates' promotion bodies: eligible ones, one returned by its government and
never resubmitted, one withdrawn by its promotion body before the deadline, and one the ministry's formal check
declared ineligible, with its reason. The review, the runs, the notices and the winners are
`evaluations/review/demo.py`'s.

Each transition is made through the services at a fixed instant inside the round's windows (`now=`), so the
trail reads like the real timeline and the data is the same at every run. Seeding again changes nothing.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import Cluster, Indicator, Member, Observation
from evaluations.competitions import services as competition_services
from evaluations.entries import lifecycle, services
from evaluations.models import SECTIONS, Competition, Criterion, Dimension
from tenancy.demo import CANDIDATE_BODIES, seeder
from tenancy.models import IndustryField
from tenancy.scoping import unscoped

SHANGHAI = ZoneInfo("Asia/Shanghai")
NAME = "2024年先进制造业集群竞赛"


def at(month, day, hour=10, minute=0):
    return datetime.datetime(2024, month, day, hour, minute, tzinfo=SHANGHAI)


DESCRIPTION = (
    "工业和信息化部自2019年起组织先进制造业集群竞赛，决赛优胜集群作为国家级集群的重点培育对象。"
    "本竞赛面向省级培育集群，每省推荐不超过2个候选集群；分小组赛（匿名评审）与综合赛两轮评审，"
    "小组赛每个赛道得分最高的集群晋级综合赛，综合赛总分达到80分的集群确定为国家先进制造业集群，结果经5天公示后公布。"
    "集群促进机构提交参赛材料，由所在省级工业和信息化主管部门审核推荐。"
)
PROVINCE_QUOTA = 2

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
        "advance_top_n": 1,
        "experts_per_entry": 3,
        "blind_review": True,
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
        "experts_per_entry": 3,
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

# Candidate's promotion body → (its state in the group round, the comment or reason of the last decision on it).
ENTRIES = {
    "xiangtan-equipment": ("eligible", "同意推荐，湘潭智能装备集群整机与核心零部件配套完整。"),
    "changzhou-equipment": ("eligible", "同意推荐。"),
    "suzhou-software": ("eligible", "同意推荐，工业软件集群研发投入强度高，成长性好。"),
    "wuhu-sensors": (
        "ineligible",
        "形式审查不通过：2023年营业收入的佐证材料未经统计部门确认，且申报材料缺少成员企业名单，不符合竞赛工作方案的申报要求。",
    ),
    "taizhou-pharma": ("withdrawn", "集群促进机构理事会换届，申报材料需重新组织，本届竞赛主动撤回。"),
    "zhuhai-biomed": ("eligible", "同意推荐。"),
    "zhongshan-home": ("eligible", "同意推荐，中山智能家电集群本地配套率较高。"),
    "ningbo-textiles": ("returned", "请补充2023年本地配套率的统计口径说明，并上传统计部门出具的佐证材料。"),
}
GOVERNMENT_OF = {slug: province for slug, _name, _name_en, _region, province in CANDIDATE_BODIES}


# Reference ranges set with the rubric: the candidates are provincial clusters, so their indicators are scaled on
# a provincial cluster's range (the national clusters' distribution would give every candidate nearly nothing).
INDICATOR_RANGES = {
    "revenue": (Decimal(100), Decimal(1500)),
    "rd_intensity": (Decimal(1), Decimal(8)),
    "little_giants": (Decimal(0), Decimal(30)),
    "local_supporting_rate": (Decimal(40), Decimal(80)),
}


def _sections(cluster):
    members = unscoped(Member).filter(cluster=cluster, kind="enterprise").order_by("-revenue", "pk")[:2]
    leaders = "、".join(member.name for member in members) or "龙头企业"
    texts = {
        "overview": f"{cluster.name}是省级先进制造业集群培育对象，集聚规模以上企业和创新平台，产业特色鲜明。",
        "chain": f"{cluster.name}围绕产业链关键环节布局，{leaders}等骨干企业带动配套企业协同发展，"
        "本地配套能力持续提升。",
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
    raise LookupError(f"{cluster.name} has no {code} observation to claim")


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
        province_quota=PROVINCE_QUOTA,  # open to every tier below national (the default)
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
        services.submission_save_draft(
            submission=submission, sections=sections, revision=submission.revision, by=body, now=started
        )
        for criterion in indicator_criteria:
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
        services.submission_submit(submission=submission, by=body, now=at(4, 8 + day))
        if state == "withdrawn":
            lifecycle.submission_withdraw(submission=submission, by=body, reason=comment, now=at(4, 20, 10))
        elif state == "returned":
            services.submission_return(submission=submission, by=government, comment=comment, now=at(4, 20, 15))
        else:
            services.submission_endorse(
                submission=submission, by=government, comment="" if state == "ineligible" else comment, now=at(5, 6, 11)
            )
            if state == "eligible":
                services.submission_mark_eligible(submission=submission, by=ministry, now=at(5, 10, 16))
            else:
                lifecycle.submission_mark_ineligible(
                    submission=submission, by=ministry, reason=comment, now=at(5, 10, 16)
                )
    log(f"competitions: {NAME}, 2 rounds, {len(ENTRIES)} group-round entries of provincial candidates")
