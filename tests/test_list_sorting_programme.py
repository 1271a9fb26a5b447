"""Sortable columns of the policy, competition and monitoring lists: each declared sort orders hand-built rows with
known values, in both directions, its header link toggles, and an unknown ?sort= falls back to the default."""

import datetime

from django.urls import reverse

from evaluations.competitions.tables import COMPETITION_SORTS
from evaluations.entries.tables import ENTRY_SORTS
from evaluations.models import EvaluationRun, Objection, Submission
from evaluations.notice.tables import NOTICE_SORTS, OBJECTION_SORTS
from evaluations.review.tables import EXPERT_SORTS
from evaluations.runs.tables import RUN_SORTS
from monitoring.adjustment.tables import RECTIFICATION_SORTS
from monitoring.evaluation.tables import EVALUATION_SORTS
from monitoring.models import MonitoringEvaluation, RectificationNote
from policies.library.tables import POLICY_SORTS, TOOLKIT_SORTS
from policies.models import CultivationPlan
from policies.plans.tables import PLAN_SORTS

from .builders.sorting import assert_sorts
from .factories import (
    AssignmentFactory,
    ClusterFactory,
    CompetitionFactory,
    ConflictDeclarationFactory,
    CultivationPlanFactory,
    EvaluationRunFactory,
    ExpertProfileFactory,
    IndustryFieldFactory,
    InstrumentFactory,
    MonitoringEvaluationFactory,
    MonitoringMethodFactory,
    MonitoringResultFactory,
    ObjectionFactory,
    OrganisationFactory,
    PolicyFactory,
    PublicNoticeFactory,
    RectificationNoteFactory,
    ResultFactory,
    RoundFactory,
    SubmissionFactory,
    ToolkitFactory,
    TrackFactory,
    UserFactory,
)


def day(number):
    return datetime.datetime(2025, 3, number, 9, 0, tzinfo=datetime.UTC)


def dated(model, row, field, when):
    model.objects.filter(pk=row.pk).update(**{field: when})
    return row


def test_policy_library_sorts_by_title_issuer_and_date(world, page_client_for):
    issuers = {x: OrganisationFactory(kind="local", name=f"排序发文机关{x}") for x in "ABC"}

    def policy(title, issuer, year):
        issued = datetime.date(year, 1, 1)
        dates = {"issued_on": issued, "effective_on": issued}
        return PolicyFactory(title=title, issuer=issuers[issuer], status="published", **dates)

    a, b, c = policy("排序政策A", "C", 2022), policy("排序政策B", "A", 2024), policy("排序政策C", "B", 2023)
    expected = {"title": [a, b, c], "issuer": [b, c, a], "issued": [a, c, b]}
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("policy-list"), POLICY_SORTS, expected, default_order=[b, c, a])


def test_toolkit_list_sorts_by_each_counted_column(world, page_client_for):
    clusters = {x: ClusterFactory(name=f"排序集群{x}") for x in "ABC"}
    owners = {x: OrganisationFactory(kind="local", name=f"排序政府{x}") for x in "ABC"}

    def toolkit(title, cluster, owner, policies, instruments):
        created = ToolkitFactory(title=title, cluster=clusters[cluster], owner=owners[owner])
        created.policies.set(PolicyFactory() for _ in range(policies))
        created.instruments.set(InstrumentFactory() for _ in range(instruments))
        return created

    a = toolkit("排序工具包A", "C", "B", 2, 0)
    b = toolkit("排序工具包B", "A", "C", 0, 1)
    c = toolkit("排序工具包C", "B", "A", 1, 2)
    expected = {
        "title": [a, b, c],
        "cluster": [b, c, a],
        "owner": [c, a, b],
        "policies": [b, c, a],
        "instruments": [a, b, c],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("toolkit-list"), TOOLKIT_SORTS, expected, params={"q": "排序工具包"})


def test_plan_list_sorts_by_each_column(world, page_client_for):
    clusters = {x: ClusterFactory(name=f"排序集群{x}") for x in "ABC"}
    statuses = CultivationPlan.Status

    def plan(title, cluster, start, status, version, updated):
        period = {"period_start": start, "period_end": start + 2}
        created = CultivationPlanFactory(
            title=title, cluster=clusters[cluster], status=status, version=version, **period
        )
        return dated(CultivationPlan, created, "updated", updated)

    a = plan("排序方案A", "B", 2023, statuses.APPROVED, 2, day(2))
    b = plan("排序方案B", "C", 2021, statuses.SUBMITTED, 3, day(1))
    c = plan("排序方案C", "A", 2022, statuses.RETURNED, 1, day(3))
    expected = {
        "title": [a, b, c],
        "cluster": [c, a, b],
        "period": [b, c, a],
        "status": [b, c, a],  # submitted, returned, approved (the order of CultivationPlan.Status)
        "version": [c, a, b],
        "updated": [b, a, c],
    }
    client = page_client_for(world.ministry)
    url = reverse("plan-list")
    assert_sorts(client, url, PLAN_SORTS, expected, params={"q": "排序方案"}, default_order=[c, a, b])


def test_competition_list_sorts_by_each_column(world, page_client_for):
    fields = [IndustryFieldFactory(code=f"sort_field_{n}") for n in range(3)]

    def competition(name, year, status, tracks, rounds):
        created = CompetitionFactory(name=name, year=year, status=status)
        for field in fields[:tracks]:
            TrackFactory(competition=created, field_id=field.code)
        for position in range(1, rounds + 1):
            RoundFactory(competition=created, position=position)
        return created

    a = competition("排序竞赛A", 2031, "closed", 1, 3)
    b = competition("排序竞赛B", 2033, "draft", 2, 1)
    c = competition("排序竞赛C", 2032, "published", 3, 2)
    expected = {
        "year": [a, c, b],
        "name": [a, b, c],
        "status": [b, c, a],
        "tracks": [a, b, c],
        "rounds": [b, c, a],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("competition-list"), COMPETITION_SORTS, expected, default_order=[b, c, a])


def test_entry_list_sorts_by_each_column(world, page_client_for):
    fields = {x: IndustryFieldFactory(code=f"sort_field_{x}", name=f"排序领域{x}") for x in "ABC"}

    def entry(cluster, year, field, status, submitted):
        round_ = RoundFactory(competition=CompetitionFactory(name=f"排序竞赛{year}", year=year))
        track = TrackFactory(competition=round_.competition, field_id=fields[field].code)
        return SubmissionFactory(
            round=round_,
            track=track,
            cluster=ClusterFactory(name=f"排序集群{cluster}"),
            status=status,
            submitted_at=submitted,
            last_submitted_at=submitted,
        )

    statuses = Submission.Status
    a = entry("B", 2033, "A", statuses.SUBMITTED, day(2))
    b = entry("C", 2031, "B", statuses.ELIGIBLE, day(3))
    c = entry("A", 2032, "C", statuses.ENDORSED, day(1))
    expected = {
        "cluster": [c, a, b],
        "competition": [b, c, a],
        "round": [b, c, a],
        "track": [a, b, c],
        "status": [a, c, b],
        "submitted": [c, a, b],
    }
    client = page_client_for(world.ministry)
    url = reverse("entry-list")
    assert_sorts(client, url, ENTRY_SORTS, expected, params={"view": "all"}, default_order=[a, c, b])


def test_run_list_sorts_by_each_column(world, page_client_for):
    users = {x: UserFactory(username=f"sort-runner-{x}") for x in "abc"}

    def run(year, status, by, created):
        round_ = RoundFactory(competition=CompetitionFactory(year=year))
        made = EvaluationRunFactory(round=round_, status=status, created_by=users[by])
        return dated(EvaluationRun, made, "created", created)

    a = run(2032, "succeeded", "c", day(2))
    b = run(2033, "queued", "a", day(1))
    c = run(2031, "failed", "b", day(3))
    expected = {
        "number": [a, b, c],
        "round": [c, a, b],
        "status": [b, a, c],  # queued, succeeded, failed (the order of Job.Status)
        "started_by": [b, c, a],
        "created": [b, a, c],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("evaluation-run-list"), RUN_SORTS, expected, default_order=[c, a, b])


def test_notice_list_sorts_by_each_column(world, page_client_for):
    def notice(title, year, opens, winners):
        run = EvaluationRunFactory(round=RoundFactory(competition=CompetitionFactory(year=year)))
        track = TrackFactory(competition=run.round.competition)
        for _ in range(winners):
            ResultFactory(run=run, advanced=True, submission=SubmissionFactory(round=run.round, track=track))
        closes = opens + datetime.timedelta(days=5)
        return PublicNoticeFactory(run=run, title=title, opens=opens, closes=closes, status="closed")

    a = notice("排序公示A", 2033, day(5), 0)
    b = notice("排序公示B", 2031, day(9), 2)
    c = notice("排序公示C", 2032, day(1), 1)
    expected = {"title": [a, b, c], "competition": [b, c, a], "period": [c, a, b], "winners": [a, c, b]}
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("notice-list"), NOTICE_SORTS, expected, default_order=[b, a, c])


def test_objection_list_sorts_by_each_column(world, page_client_for):
    notices = {x: PublicNoticeFactory(title=f"排序公示{x}", status="closed") for x in "ABC"}

    def objection(notice, by, cluster, status, lodged):
        entry = SubmissionFactory(cluster=ClusterFactory(name=f"排序集群{cluster}"))
        created = ObjectionFactory(notice=notices[notice], name=f"排序人{by}", submission=entry, status=status)
        return dated(Objection, created, "created", lodged)

    a = objection("B", "C", "A", "lodged", day(2))
    b = objection("C", "A", "B", "handled", day(3))
    c = objection("A", "B", "C", "lodged", day(1))
    expected = {
        "number": [a, b, c],
        "lodged": [c, a, b],
        "notice": [c, a, b],
        "by": [b, c, a],
        "entry": [a, b, c],
        "status": ([a, c, b], [b, a, c]),  # lodged before handled; ties by creation order both ways
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("objection-list"), OBJECTION_SORTS, expected, default_order=[b, a, c])


def test_expert_pool_sorts_by_each_column(world, page_client_for):
    def expert(first, affiliation, region, eligible, assignments, conflicts):
        user = UserFactory(username=f"sort-expert-{first.lower()}", first_name=first, last_name="排序")
        profile = ExpertProfileFactory(
            user=user, affiliation=f"排序大学{affiliation}", region_id=region, is_eligible=eligible
        )
        for _ in range(assignments):
            AssignmentFactory(expert=profile)
        for _ in range(conflicts):
            ConflictDeclarationFactory(expert=profile)
        return profile

    a = expert("B", "A", "440300", True, 2, 0)
    b = expert("C", "B", "110100", False, 0, 1)
    c = expert("A", "C", "320100", True, 1, 2)
    expected = {
        "expert": [c, a, b],
        "affiliation": [a, b, c],
        "region": [b, c, a],
        "eligibility": ([a, c, b], [b, a, c]),  # eligible first; ties by creation order both ways
        "assignments": [b, c, a],
        "conflicts": [a, b, c],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("expert-pool"), EXPERT_SORTS, expected, params={"q": "排序大学"})


def test_monitoring_evaluation_list_sorts_by_each_column(world, page_client_for):
    def evaluation(year, version, trigger, status, results, created):
        method = MonitoringMethodFactory(version=version)
        made = MonitoringEvaluationFactory(year=year, method=method, trigger=trigger, status=status)
        for _ in range(results):
            MonitoringResultFactory(evaluation=made)
        return dated(MonitoringEvaluation, made, "created", created)

    a = evaluation(2031, 2003, "scheduled", "succeeded", 2, day(2))
    b = evaluation(2033, 2001, "on_demand", "queued", 0, day(3))
    c = evaluation(2032, 2002, "scheduled", "failed", 1, day(1))
    expected = {
        "year": [a, c, b],
        "method": [b, c, a],
        "trigger": ([b, a, c], [a, c, b]),  # on demand before scheduled; ties by creation order both ways
        "status": [b, a, c],
        "clusters": [b, c, a],
        "recorded": [c, a, b],
    }
    client = page_client_for(world.ministry)
    url = reverse("monitoring-evaluation-list")
    assert_sorts(client, url, EVALUATION_SORTS, expected, default_order=[b, c, a])


def test_rectification_notes_sort_by_date_and_organisation(world, page_client_for):
    cluster = world.nanjing_cluster
    organisations = {x: OrganisationFactory(name=f"排序机构{x}") for x in "ABC"}

    def note(organisation, filed):
        made = RectificationNoteFactory(cluster=cluster, organisation=organisations[organisation])
        return dated(RectificationNote, made, "created", filed)

    a, b, c = note("B", day(2)), note("C", day(1)), note("A", day(3))
    expected = {"filed": [b, a, c], "organisation": [c, a, b]}
    client = page_client_for(world.ministry)
    url = reverse("rectification-list", kwargs={"pk": cluster.pk})
    assert_sorts(client, url, RECTIFICATION_SORTS, expected, default_order=[c, a, b], marker='aria-current="true"')
