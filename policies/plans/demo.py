"""Demo cultivation plans: one per demo cluster, filed by its provincial government, in every workflow state
(draft, submitted, returned with a comment, resubmitted, approved — Nanjing's after a return), with targets on
indicators the demo observations carry, so that plan versus actual shows a mix of on track, at risk and off track.

Each plan runs 2023–2027 from a 2022 baseline (the cluster's observed 2022 value). A target value is chosen so
that the latest observation (2024) has achieved a given share of the expected progress: 115 % (on track), 75 %
(at risk) or 40 % (off track); Dongguan's draft also has a target on an indicator without observations (no data).
Plans go through the real services (versions, transitions, notifications). Idempotent: a cluster whose plan
(by title) exists is left alone.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model

from clusters.models import Cluster, Indicator, Observation
from policies.models import CultivationPlan
from policies.plans.services import plan_approve, plan_create, plan_return, plan_submit, plan_update
from tenancy.demo import seeder
from tenancy.models import Organisation

BASELINE_YEAR, LATEST_YEAR, START, END = 2022, 2024, 2023, 2027
ON_TRACK, AT_RISK, OFF_TRACK = Decimal("1.15"), Decimal("0.75"), Decimal("0.4")

# promotion body slug -> (filing government, final state, [(indicator code, share of expected progress)], ministry's
# comment when it returns the plan)
PLANS = {
    "changsha-cm": (
        "hunan",
        "approved",
        [
            ("revenue", ON_TRACK),
            ("little_giants", AT_RISK),
            ("rd_intensity", ON_TRACK),
            ("energy_per_output", ON_TRACK),
        ],
        "",
    ),
    "wuxi-iot": (
        "jiangsu",
        "submitted",
        [("revenue", AT_RISK), ("national_innovation_platforms", ON_TRACK), ("invention_patents", OFF_TRACK)],
        "",
    ),
    "shenzhen-ict": (
        "guangdong",
        "returned",
        [("revenue", ON_TRACK), ("export_share", OFF_TRACK), ("invention_patents", ON_TRACK)],
        "出口占比目标与近年走势差距较大，请说明依据或调整目标值，并补充重点任务的责任部门分工。",
    ),
    "nanjing-grid": (
        "jiangsu",
        "approved_after_return",
        [
            ("revenue", ON_TRACK),
            ("single_champions", AT_RISK),
            ("local_supporting_rate", ON_TRACK),
            ("little_giants", OFF_TRACK),
        ],
        "请补充“专精特新”小巨人企业培育目标，并明确电网安全环节的补链任务。",
    ),
    "dongguan-terminals": (
        "guangdong",
        "draft",
        [("revenue", AT_RISK), ("export_share", ON_TRACK), ("industrial_output", None)],
        "",
    ),
    "sz-gz-medical": (
        "guangdong",
        "resubmitted",
        [("rd_intensity", ON_TRACK), ("revenue", OFF_TRACK), ("above_scale_enterprises", AT_RISK)],
        "深圳、广州两地的任务分工不够清晰，请按城市列明牵头部门。",
    ),
    "hangzhou-security": (
        "zhejiang",
        "approved",
        [
            ("national_innovation_platforms", ON_TRACK),
            ("provincial_innovation_carriers", AT_RISK),
            ("rd_intensity", OFF_TRACK),
        ],
        "",
    ),
    "wenzhou-electrical": (
        "zhejiang",
        "submitted",
        [("srdi_smes", ON_TRACK), ("revenue", AT_RISK), ("energy_per_output", OFF_TRACK)],
        "",
    ),
    "gfh-uhd-home": (
        "guangdong",
        "approved",
        [("revenue", OFF_TRACK), ("above_scale_enterprises", ON_TRACK), ("associations", AT_RISK)],
        "",
    ),
    "hefei-voice": (
        "anhui",
        "draft",
        [("revenue", ON_TRACK), ("national_innovation_platforms", AT_RISK)],
        "",
    ),
}

TASKS = [
    ("培育链主企业和单项冠军，支持龙头企业牵头组建创新联合体。", "工业和信息化主管部门", datetime.date(2025, 12, 31)),
    ("围绕产业链薄弱环节开展精准招商，提升本地配套率。", "商务主管部门", datetime.date(2026, 6, 30)),
    ("建设共性技术平台和中试基地，推动创新成果在集群内转化。", "科技主管部门", datetime.date(2026, 12, 31)),
]
EXTRA_TASK = ("完善集群促进机构治理，建立跨区域协同推进机制。", "发展改革部门", datetime.date(2027, 6, 30))


def _title(cluster):
    return f"{cluster.name}培育提升方案（{START}—{END}年）"


def _texts(cluster):
    return {
        "title": _title(cluster),
        "period_start": START,
        "period_end": END,
        "overall_thinking": (
            f"以{cluster.name}为对象，坚持链主引领、协同创新、开放合作，"
            "推动集群由规模扩张向质量提升转变，打造具有国际竞争力的先进制造业集群。"
        ),
        "stage_point": "做强龙头企业和单项冠军，形成若干创新策源点。",
        "stage_line": "沿产业链补链强链，提升关键环节本地配套能力。",
        "stage_surface": "推动区域内园区协同布局，形成集聚发展的产业面。",
        "stage_network": "构建开放协同的创新网络和服务网络，深度融入全球产业链。",
    }


def _round(value: Decimal, *, whole=False) -> Decimal:
    if whole or abs(value) >= 100:
        quantum = Decimal("1")
    elif abs(value) >= 1:
        quantum = Decimal("0.01")
    else:
        quantum = Decimal("0.0001")
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def target_for(indicator, observed: dict, share):
    """A target whose 2024 observation has achieved `share` of the expected progress (None: keep the baseline
    from the data if any; an indicator without observations gets an illustrative baseline)."""
    baseline = observed.get(BASELINE_YEAR)
    latest = observed.get(LATEST_YEAR)
    if share is None or baseline is None or latest is None:
        baseline = baseline if baseline is not None else Decimal("1000")
        value = baseline * Decimal("1.3") if indicator.higher_is_better else baseline * Decimal("0.8")
        return {
            "indicator": indicator,
            "baseline_year": BASELINE_YEAR,
            "baseline_value": baseline,
            "target_year": END,
            "target_value": _round(value, whole=indicator.is_count),
        }
    # expected(2024) = baseline + (target − baseline) × 2/5, and (latest − baseline) = share × (expected − baseline)
    span = Decimal(END - BASELINE_YEAR) / Decimal(LATEST_YEAR - BASELINE_YEAR)
    value = baseline + (latest - baseline) * span / share
    if indicator.unit == "%":
        value = min(value, Decimal("100"))
    return {
        "indicator": indicator,
        "baseline_year": BASELINE_YEAR,
        "baseline_value": baseline,
        "target_year": END,
        "target_value": _round(value, whole=indicator.is_count),
    }


@seeder(order=70)
def seed_plans(*, scale=0, log=print):
    User = get_user_model()
    usernames = ["ministry", *sorted({government for government, *_rest in PLANS.values()})]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    ministry = users.get("ministry")
    bodies = dict(Organisation.objects.filter(slug__in=PLANS).values_list("slug", "pk"))
    clusters = {c.promotion_body_id: c for c in Cluster.objects.filter(promotion_body_id__in=bodies.values())}
    indicators = {i.code: i for i in Indicator.objects.all()}
    made = 0
    for slug, (government, state, target_specs, comment) in PLANS.items():
        cluster = clusters.get(bodies.get(slug))
        filer = users.get(government)
        if cluster is None or filer is None or ministry is None:
            continue
        if CultivationPlan.objects.filter(cluster=cluster, title=_title(cluster)).exists():
            continue
        observed: dict[str, dict[int, Decimal]] = {}
        for code, year, value in Observation.objects.filter(
            cluster=cluster, indicator__code__in=[code for code, _share in target_specs]
        ).values_list("indicator__code", "year", "value"):
            observed.setdefault(code, {})[year] = value
        targets = [
            target_for(indicators[code], observed.get(code, {}), share)
            for code, share in target_specs
            if code in indicators
        ]
        tasks = [{"task": text, "department": department, "deadline": deadline} for text, department, deadline in TASKS]
        texts = _texts(cluster)
        returned_first = state in ("returned", "resubmitted", "approved_after_return")
        # A returned plan's first version lacks its last target and task; the second version adds them.
        first_targets = targets[:-1] if returned_first and state != "returned" else targets
        plan = plan_create(by=filer, cluster=cluster, tasks=tasks, targets=first_targets, **texts)
        if state != "draft":
            plan_submit(plan=plan, by=filer)
        if returned_first:
            plan_return(plan=plan, by=ministry, comment=comment)
        if state in ("resubmitted", "approved_after_return"):
            plan_update(
                plan=plan,
                by=filer,
                overall_thinking=texts["overall_thinking"] + "按照部里意见，补充了目标和任务分工。",
                tasks=[*tasks, {"task": EXTRA_TASK[0], "department": EXTRA_TASK[1], "deadline": EXTRA_TASK[2]}],
                targets=targets,
            )
            plan_submit(plan=plan, by=filer, comment="已按意见修改。")
        if state in ("approved", "approved_after_return"):
            plan_approve(plan=plan, by=ministry, comment="同意。")
        made += 1
    log(f"cultivation plans: {made} new")
