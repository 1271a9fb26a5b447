"""Demo data of the review and the decision, after the 2024 competition (`evaluations/competitions/demo.py`), both
rounds to the end:

- The group round (blind): the six demo experts assigned to its eligible entries (the automatic assignment,
  conflicts excluded) and their reviews, all submitted but one. The run is refused for that missing review; the
  ministry then runs it with a written reason, which the result page and the notice print. The notice of the
  entries advancing has one objection, handled and answered, and its final result is published.
- The comprehensive round: the entries that advanced are carried over by the ministry, submitted again, endorsed
  and checked; every assigned review is submitted and the run starts without an override. Its notice's final
  result designates the winners: they become national-level clusters and the competition closes.

Every step goes through the services at a fixed instant of 2024 (`now=`) inside the rounds' windows, so the data is
the same at every run; the runs are executed in-process. Seeding again changes nothing.
"""

from django.contrib.auth import get_user_model

from evaluations.competitions.demo import GOVERNMENT_OF, NAME, at
from evaluations.models import Assignment, Competition, Criterion, EvaluationRun, PublicNotice, Round, Submission
from evaluations.notice import services as notice_services
from tenancy.demo import seeder
from tenancy.errors import Refusal
from tenancy.scoping import unscoped

NOTICE_TITLE = "2024年先进制造业集群竞赛小组赛拟晋级名单公示"
NOTICE_TITLE_EN = "2024 Advanced Manufacturing Cluster Competition: proposed entries advancing from the group round"
FINAL_TITLE = "2024年先进制造业集群竞赛综合赛拟优胜名单公示"
FINAL_TITLE_EN = "2024 Advanced Manufacturing Cluster Competition: proposed winners of the comprehensive round"
NOTICE_BODY = (
    "根据《先进制造业集群竞赛工作方案》，经集群促进机构申报、省级主管部门审核推荐、专家评审，"
    "现将{round}拟{outcome}名单予以公示。公示期为5天。\n"
    "如对公示名单有异议，请在公示期内通过本页面实名提出，并提供联系方式和必要的证明材料。"
)
OVERRIDE_REASON = (
    "1位评审专家因公出国，未能在评审期内提交对1个参赛集群的评审；该集群其余评审均已提交。"
    "经规划司研究，按已提交的评审计算本轮结果。"
)
OBJECTION = {
    "name": "江苏某产业研究院 王先生",
    "contact": "025-83456789",
    "text": "该集群申报材料中本地配套率为2023年数据，但所附佐证材料为2022年统计口径，建议核实后再确定晋级名单。",
}
HANDLING = (
    "规划司会同省级工业和信息化主管部门核查了统计部门出具的2023年数据，确认申报值与2023年统计口径一致，"
    "佐证材料文件名有误，已要求集群促进机构更正。"
)
ANSWER = "经核查，该集群申报的本地配套率为2023年数据，与统计部门口径一致，异议不成立。感谢您的监督。"

# How strong each candidate's entry reads to the experts, per round (their scores vary around it by expert and
# criterion, within ±4).
STRENGTH = {
    1: {
        "xiangtan-equipment": 84,
        "changzhou-equipment": 79,
        "suzhou-software": 86,
        "zhuhai-biomed": 80,
        "zhongshan-home": 76,
    },
    2: {
        "xiangtan-equipment": 88,
        "changzhou-equipment": 93,
        "suzhou-software": 93,
        "zhuhai-biomed": 84,
        "zhongshan-home": 80,
    },
}
COMMENTS = [
    "产业链分工较清晰，骨干企业带动作用明显；建议加强本地配套企业的培育。",
    "研发投入强度较高，创新平台建设有成效；建议提高技术成果在集群内的扩散与转化。",
    "集群促进机构运行规范，服务内容较丰富；建议完善会员服务评价机制。",
    "申报材料翔实，数据口径清楚；部分指标的佐证材料可进一步补充。",
    "集群特色鲜明，但与同领域国家级集群相比规模偏小，建议明确差异化发展路径。",
    "跨区域合作与国际交流较少，建议拓展开放合作渠道。",
]


def _score(position: int, slug: str, expert_index: int, criterion_index: int) -> int:
    return STRENGTH[position][slug] + (expert_index * 7 + criterion_index * 5) % 9 - 4


def _review(round_, *, by, now, leave_out=0, log):
    """Assign the round's eligible entries automatically and submit every review but the last `leave_out`."""
    from evaluations.review import services as review_services

    summary = review_services.assign_automatically(round=round_, by=by, now=now)
    criteria = list(unscoped(Criterion).filter(round=round_, kind=Criterion.Kind.EXPERT).order_by("position", "pk"))
    assignments = list(
        unscoped(Assignment)
        .filter(submission__round=round_, status=Assignment.Status.ASSIGNED)
        .select_related("expert__user", "submission__cluster__promotion_body")
        .order_by("submission_id", "expert_id")
    )
    submitted = assignments[: len(assignments) - leave_out]
    for number, assignment in enumerate(submitted):
        expert_index = int(assignment.expert.user.username.removeprefix("expert") or 0)
        slug = assignment.submission.cluster.promotion_body.slug
        review_services.review_save(
            assignment=assignment,
            scores={c.pk: _score(round_.position, slug, expert_index, i) for i, c in enumerate(criteria)},
            comments=COMMENTS[(expert_index + number) % len(COMMENTS)],
            submit=True,
            by=assignment.expert.user,
            now=now.replace(day=20 + number % 8, hour=15),
        )
    log(f"review: {round_.name}, {summary['created']} assignments, {len(submitted)} reviews submitted")
    return assignments


def _run(round_, *, by, now, override_reason=""):
    from evaluations.runs import services as run_services
    from evaluations.runs.execution import execute_run

    run = run_services.run_start(round=round_, by=by, now=now, override_reason=override_reason)
    return execute_run(run.pk)


def _run_and_notice(round_, *, by, now, title, title_en, outcome, opens, override_reason="", log):
    """Run the round and draft a notice of its result, published at `opens` for 5 days; None if the run failed."""
    run = _run(round_, by=by, now=now, override_reason=override_reason)
    if run.status != EvaluationRun.Status.SUCCEEDED:
        log(f"review: the demo run did not succeed ({run.message})")
        return None
    notice = notice_services.notice_create(
        run=run, by=by, title=title, title_en=title_en, body=NOTICE_BODY.format(round=round_.name, outcome=outcome)
    )
    return notice_services.notice_publish(notice=notice, by=by, days=5, now=opens)


def _group_round(round_, *, ministry, log):
    _review(round_, by=ministry, now=at(5, 13, 10), leave_out=1, log=log)
    try:
        _run(round_, by=ministry, now=at(6, 15, 10))
    except Refusal as refusal:
        log(f"review: the run of {round_.name} is refused ({refusal.code}): {refusal.message}")
    notice = _run_and_notice(
        round_,
        by=ministry,
        now=at(6, 16, 10),
        override_reason=OVERRIDE_REASON,
        title=NOTICE_TITLE,
        title_en=NOTICE_TITLE_EN,
        outcome="晋级",
        opens=at(6, 24, 9),
        log=log,
    )
    if notice is None:
        return None
    run = notice.run
    objected = run.results.filter(advanced=True).order_by("track_id", "rank").first()
    objection = notice_services.objection_lodge(
        notice=notice, submission=objected.submission_id if objected else None, now=at(6, 25, 14, 30), **OBJECTION
    )
    notice_services.objection_handle(objection=objection, handling=HANDLING, answer=ANSWER, by=ministry, now=at(6, 27))
    notice_services.notice_finalise(notice=notice, by=ministry, now=at(7, 1, 10))
    log(f"review: {round_.name}, run #{run.pk} with a written override, a final notice with one handled objection")
    return notice


def _final_round(round_, *, ministry, users, log):
    from evaluations.entries import lifecycle
    from evaluations.entries import services as entry_services

    carried = lifecycle.round_carry_over(round=round_, by=ministry, now=at(7, 2, 9))["created"]
    for day, entry in enumerate(sorted(carried, key=lambda entry: entry.pk)):
        slug = entry.cluster.promotion_body.slug
        entry_services.submission_submit(submission=entry, by=users[slug], now=at(7, 8 + day, 10))
        entry_services.submission_endorse(
            submission=entry, by=users[GOVERNMENT_OF[slug]], comment="同意推荐。", now=at(8, 5, 11)
        )
        entry_services.submission_mark_eligible(submission=entry, by=ministry, now=at(8, 12, 16))
    _review(round_, by=ministry, now=at(8, 19, 10), log=log)
    notice = _run_and_notice(
        round_,
        by=ministry,
        now=at(9, 21, 10),
        title=FINAL_TITLE,
        title_en=FINAL_TITLE_EN,
        outcome="优胜",
        opens=at(9, 24, 9),
        log=log,
    )
    if notice is None:
        return None
    run = notice.run
    notice_services.notice_finalise(notice=notice, by=ministry, now=at(10, 8, 10))
    winners = list(run.results.filter(advanced=True).values_list("submission__cluster__name", flat=True))
    log(f"review: {round_.name}, {len(carried)} entries carried over, run #{run.pk}; national-level now: {winners}")
    return notice


@seeder(order=75)  # after the competitions (order 70)
def seed_review(*, scale=0, log=print):
    competition = unscoped(Competition).filter(name=NAME).first()
    if competition is None:
        log("review: no 2024 competition to review")
        return
    group_round, final_round = unscoped(Round).filter(competition=competition).order_by("position")
    users = {u.username: u for u in get_user_model().objects.all()}
    ministry = users["ministry"]
    if (
        not unscoped(PublicNotice).filter(run__round=group_round).exists()
        and _group_round(group_round, ministry=ministry, log=log) is None
    ):
        return
    if not unscoped(Submission).filter(round=final_round).exists():
        _final_round(final_round, ministry=ministry, users=users, log=log)
    else:
        log("review: the comprehensive round's notice is already there")
