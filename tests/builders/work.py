"""Builders of the work-queue tests (tests/test_work_queues.py): hand-built rows for every queue of every role,
`n` of each, so a test can read the exact titles, links and due dates and count the queries for 1 row and many.

Every round is a first round of its own published competition (tests.builders.runs.make_round): its submission
window is open now (it closes in 10 days), its review opens in 20 days and closes in 30."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from evaluations.models import Assignment, EvaluationRun, Objection, PublicNotice, Result, Submission
from monitoring.models import RectificationNote

from ..factories import ClusterFactory, ObservationFactory, indicator
from .adjustment import make_evaluation, make_result
from .plans import make_plan
from .runs import add_assignment, add_entry, make_round

OLD_YEAR = 2019  # observations of years no filing deadline asks about: submitted ones from it, returned ones
RETURNED_YEAR = 2009  # from this one


def _cluster(world, n, **fields):
    """The n-th extra cluster: in Nanjing (Jiangsu), promoted by the Nanjing body unless told otherwise."""
    values = {"promotion_body": world.orgs["nanjing_body"], "region_codes": ["320100"]}
    values.update(fields)
    return ClusterFactory(name=f"工作队列测试集群{n}", name_en=f"Work queue cluster {n}", **values)


def succeeded_run(round_, entry, *, by):
    run = EvaluationRun._base_manager.create(
        round=round_, status=EvaluationRun.Status.SUCCEEDED, progress=100, created_by=by, digest="0" * 64
    )
    Result._base_manager.create(
        run=run,
        submission=entry,
        track=entry.track,
        expert_score=Decimal("80"),
        indicator_score=Decimal("70"),
        total=Decimal("76"),
        rank=1,
        advanced=True,
        breakdown={},
    )
    return run


def ministry_rows(world, n, *, start=0):
    """`n` rows of each of the ministry's queues (the i-th numbered start + i); returns what they are."""
    made = {"plans": [], "entries": [], "rounds": [], "runs": [], "objections": [], "results": [], "notes": []}
    ministry = world.ministry
    evaluation = make_evaluation(year=2024, by=ministry)
    for i in range(start, start + n):
        made["plans"].append(make_plan(world, state="submitted", title=f"待审批方案{i}"))
        checked = make_round(by=ministry, name=f"形式审查竞赛{i}")
        made["entries"].append(add_entry(checked, cluster=_cluster(world, f"c{i}"), status=Submission.Status.ENDORSED))
        reviewed = make_round(by=ministry, name=f"缺评审竞赛{i}")
        add_assignment(add_entry(reviewed, cluster=_cluster(world, f"r{i}")), world.expert.expert_profile)
        made["rounds"].append(reviewed)
        to_publish = make_round(by=ministry, name=f"待公示竞赛{i}")
        published = add_entry(to_publish, cluster=_cluster(world, f"p{i}"))
        made["runs"].append(succeeded_run(to_publish, published, by=ministry))
        objected = make_round(by=ministry, name=f"异议竞赛{i}")
        run = succeeded_run(objected, add_entry(objected, cluster=_cluster(world, f"o{i}")), by=ministry)
        notice = PublicNotice._base_manager.create(
            run=run,
            title=f"异议竞赛{i}公示",
            status=PublicNotice.Status.OPEN,
            opens=timezone.now() - timedelta(days=1),
            closes=timezone.now() + timedelta(days=4 + i),
        )
        made["objections"].append(
            Objection._base_manager.create(notice=notice, name=f"异议人{i}", contact="13800138000", text="请复核。")
        )
        warned = _cluster(world, f"w{i}")
        made["results"].append(
            make_result(evaluation, warned, grade="C", overall="60.00", recommendation="warn", warnings=[])
        )
        note = RectificationNote(
            cluster=warned, text="已整改。", organisation=world.orgs["nanjing_body"], author=world.nanjing_body
        )
        note.save()
        made["notes"].append(note)
    return made


def local_rows(world, n, *, start=0):
    """`n` rows of each of Jiangsu's queues: entries to endorse (of the cross-region cluster's body), plans it
    owns returned by the ministry, observations submitted for verification, and warned clusters."""
    from evaluations.entries import services as entry_services

    from .competitions import fill

    made = {"entries": [], "plans": [], "observations": [], "results": []}
    evaluation = make_evaluation(year=2024, by=world.ministry)
    for i in range(start, start + n):
        round_ = make_round(by=world.ministry, name=f"推荐竞赛{i}")
        cluster = _cluster(world, f"e{i}", promotion_body=world.orgs["shenzhen_body"], region_codes=["320500"])
        entry = entry_services.submission_create(round=round_, cluster=cluster, by=world.shenzhen_body)
        entry = fill(entry, by=world.shenzhen_body)
        entry_services.submission_submit(submission=entry, by=world.shenzhen_body)
        entry.refresh_from_db()
        made["entries"].append(entry)
        made["plans"].append(make_plan(world, state="returned", title=f"退回方案{i}"))
        made["observations"].append(
            ObservationFactory(
                cluster=world.nanjing_cluster, indicator=indicator("revenue"), year=OLD_YEAR - i, status="submitted"
            )
        )
        made["results"].append(
            make_result(
                evaluation,
                _cluster(world, f"l{i}", tier="provincial", field_id="new_materials"),
                grade="C",
                overall="60.00",
                recommendation="warn",
                warnings=[("stagnation", "warning", "两年没有新成员加入集群。")],
            )
        )
    return made


def cluster_body_rows(world, n, *, start=0):
    """`n` rows of each of the Nanjing body's queues: rounds open to enter (and drafts to finish), returned entries,
    returned observations and warned clusters; its yearly data is due for every national-level cluster it has."""
    made = {"rounds": [], "drafts": [], "returned": [], "observations": [], "results": []}
    evaluation = make_evaluation(year=2024, by=world.ministry)
    for i in range(start, start + n):
        made["rounds"].append(make_round(by=world.ministry, name=f"开放申报竞赛{i}"))
        draft_round = make_round(by=world.ministry, name=f"草稿竞赛{i}")
        made["drafts"].append(add_entry(draft_round, cluster=world.nanjing_cluster, status=Submission.Status.DRAFT))
        add_entry(draft_round, cluster=world.provincial_cluster, status=Submission.Status.SUBMITTED)
        returned_round = make_round(by=world.ministry, name=f"退回竞赛{i}")
        made["returned"].append(
            add_entry(returned_round, cluster=world.nanjing_cluster, status=Submission.Status.RETURNED)
        )
        add_entry(returned_round, cluster=world.provincial_cluster, status=Submission.Status.SUBMITTED)
        made["observations"].append(
            ObservationFactory(
                cluster=world.nanjing_cluster, indicator=indicator("revenue"), year=RETURNED_YEAR - i, status="returned"
            )
        )
        made["results"].append(
            make_result(
                evaluation,
                _cluster(world, f"b{i}", tier="provincial", field_id="new_materials"),
                grade="C",
                overall="60.00",
                recommendation="warn",
                warnings=[("stagnation", "warning", "两年没有新成员加入集群。")],
            )
        )
    return made


def expert_rows(world, n, *, start=0):
    """`n` open assignments of the cast's expert, and beside each one a submitted review and a recusal (which are
    not work to do)."""
    from evaluations.models import Review

    from .runs import add_review, criteria_of

    profile = world.expert.expert_profile
    made = {"open": [], "done": [], "recused": []}
    for i in range(start, start + n):
        round_ = make_round(by=world.ministry, name=f"专家评审竞赛{i}")
        made["open"].append(add_assignment(add_entry(round_, cluster=_cluster(world, f"x{i}")), profile))
        expert_criterion = criteria_of(round_)[0]
        done = add_review(add_entry(round_, cluster=_cluster(world, f"y{i}")), profile, {expert_criterion: 80})
        made["done"].append(done.assignment)
        assert done.status == Review.Status.SUBMITTED
        made["recused"].append(
            Assignment._base_manager.create(
                submission=add_entry(round_, cluster=_cluster(world, f"z{i}")),
                expert=profile,
                status=Assignment.Status.RECUSED,
            )
        )
    return made
