"""Demo data of the review and the decision, after the 2024 competition (`demo.py`): the six demo experts assigned
to the group round's eligible entries (the automatic assignment, conflicts excluded), their submitted reviews, a
succeeded evaluation run, the public notice of the proposed winners with one objection (handled and answered) and
the published final result.

Every step goes through the services at a fixed instant of 2024 (`now=`) inside the round's windows, so the data
is the same at every run; the run is executed in-process. Seeding again changes nothing.
"""

from django.contrib.auth import get_user_model

from evaluations.competitions.demo import NAME, at
from evaluations.models import Assignment, Competition, Criterion, EvaluationRun, PublicNotice, Round
from evaluations.notice import services as notice_services
from tenancy.demo import seeder

NOTICE_TITLE = "2024年先进制造业集群竞赛小组赛拟晋级名单公示"
NOTICE_TITLE_EN = "2024 Advanced Manufacturing Cluster Competition: proposed entries advancing from the group round"
NOTICE_BODY = (
    "根据《先进制造业集群竞赛工作方案》，经集群促进机构申报、省级主管部门审核推荐、专家评审，"
    "现将小组赛拟晋级名单予以公示。公示期为5天。\n"
    "如对公示名单有异议，请在公示期内通过本页面实名提出，并提供联系方式和必要的证明材料。"
)
OBJECTION = {
    "name": "江苏某产业研究院 王先生",
    "contact": "025-83456789",
    "text": "该集群申报材料中本地配套率为2023年数据，但所附佐证材料为2022年统计口径，建议核实后再确定晋级名单。",
}
HANDLING = (
    "规划司会同江苏省工业和信息化厅核查了统计部门出具的2023年数据，确认申报值与2023年统计口径一致，"
    "佐证材料文件名有误，已要求集群促进机构更正。"
)
ANSWER = "经核查，该集群申报的本地配套率为2023年数据，与统计部门口径一致，异议不成立。感谢您的监督。"


def _score(expert_index: int, entry_index: int, criterion_index: int) -> int:
    """A plausible, deterministic score between 70 and 94."""
    return 70 + (expert_index * 7 + entry_index * 11 + criterion_index * 5) % 25


@seeder(order=75)  # after the competitions (order 70)
def seed_review(*, scale=0, log=print):
    from evaluations.review import services as review_services
    from evaluations.runs.execution import execute_run

    competition = Competition._base_manager.filter(name=NAME).first()
    if competition is None:
        log("review: no 2024 competition to review")
        return
    group_round = Round._base_manager.get(competition=competition, position=1)
    if PublicNotice._base_manager.filter(run__round=group_round).exists():
        log("review: the group round's notice is already there")
        return
    users = {u.username: u for u in get_user_model().objects.all()}
    ministry = users["ministry"]

    summary = review_services.assign_automatically(round=group_round, by=ministry, now=at(5, 13, 10))
    criteria = list(
        Criterion._base_manager.filter(round=group_round, kind=Criterion.Kind.EXPERT).order_by("position", "pk")
    )
    assignments = list(
        Assignment._base_manager.filter(submission__round=group_round, status=Assignment.Status.ASSIGNED)
        .select_related("expert__user")
        .order_by("submission_id", "expert_id")
    )
    entry_ids = sorted({a.submission_id for a in assignments})
    for number, assignment in enumerate(assignments):
        expert_index = int(assignment.expert.user.username.removeprefix("expert") or 0)
        entry_index = entry_ids.index(assignment.submission_id)
        review_services.review_save(
            assignment=assignment,
            scores={c.pk: _score(expert_index, entry_index, i) for i, c in enumerate(criteria)},
            comments="材料翔实，产业链协作成效明显；建议进一步提升创新平台的开放共享水平。",
            submit=True,
            by=assignment.expert.user,
            now=at(5, 20 + number % 10, 15),
        )

    run = EvaluationRun._base_manager.create(round=group_round, created_by=ministry, parameters={"demo": True})
    run = execute_run(run.pk)
    if run.status != EvaluationRun.Status.SUCCEEDED:
        log(f"review: the demo run did not succeed ({run.message})")
        return

    notice = notice_services.notice_create(
        run=run, by=ministry, title=NOTICE_TITLE, title_en=NOTICE_TITLE_EN, body=NOTICE_BODY
    )
    notice_services.notice_publish(notice=notice, by=ministry, days=5, now=at(6, 24, 9))
    objected = run.results.filter(advanced=True).order_by("track_id", "rank").first()
    objection = notice_services.objection_lodge(
        notice=notice, submission=objected.submission_id if objected else None, now=at(6, 25, 14, 30), **OBJECTION
    )
    notice_services.objection_handle(objection=objection, handling=HANDLING, answer=ANSWER, by=ministry, now=at(6, 27))
    notice_services.notice_finalise(notice=notice, by=ministry, now=at(7, 1, 10))
    log(
        f"review: {summary['created']} assignments, {len(assignments)} reviews, run #{run.pk}, "
        "a final notice with one handled objection"
    )
