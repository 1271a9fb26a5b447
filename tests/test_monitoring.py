"""The annual monitoring evaluation (issue 6) on the database: loading its inputs, reproducibility, the Celery task and
the yearly beat schedule, method versions, visibility of results, the API, pages and query counts.

The engine's rules on hand-made data are in tests/test_monitoring_engine.py."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from clusters.members.demo import member_years_from_figures
from clusters.models import ChainLink, Cluster, Member, NetworkAnalysis, Observation
from monitoring.evaluation import grading, method
from monitoring.evaluation import services as monitoring_services
from monitoring.models import EarlyWarning, MonitoringEvaluation, MonitoringMethod, MonitoringResult
from policies.models import CultivationPlan, PlanTarget

from .builders.monitoring import ALL_TIERS, CONFIG, monitoring_evaluation
from .cast import ROLES, VISIBLE_CLUSTERS
from .conftest import count_queries
from .factories import ClusterFactory, indicator

pytestmark = pytest.mark.django_db

# End to end on the database ----------------------------------------------------------------------------------------


def run(year=2024, tiers=None, by=None):
    evaluation = monitoring_services.evaluation_start(year=year, tiers=tiers or ALL_TIERS, by=by)
    grading.evaluate(evaluation.pk)
    evaluation.refresh_from_db()
    return evaluation


def test_evaluation_loads_members_network_and_plan_from_the_database(world):
    cluster = world.nanjing_cluster
    Member.objects.bulk_create(
        [
            Member(cluster=cluster, name="国电南瑞", revenue=Decimal(9000), joined_year=2015, is_leading=True),
            Member(cluster=cluster, name="配套一", revenue=Decimal(500), joined_year=2016),
            Member(cluster=cluster, name="配套二", revenue=Decimal(500), joined_year=2018),
        ]
    )
    member_years_from_figures(members=Member.objects.filter(cluster=cluster), years=(2024,), log=None)
    link = ChainLink.objects.create(cluster=cluster, name="储能", segment=ChainLink.Segment.MIDSTREAM)
    common = {"status": NetworkAnalysis.Status.SUCCEEDED, "progress": 100}
    earlier = timezone.now() - datetime.timedelta(days=2)
    NetworkAnalysis.objects.create(
        cluster=cluster,
        year=2023,
        finished=earlier,
        articulation_points=[1],
        local_supporting_rate=0.8,
        chain_link_coverage=[],
        **common,
    )
    NetworkAnalysis.objects.create(
        cluster=cluster,
        year=2024,
        finished=earlier + datetime.timedelta(days=1),
        articulation_points=[1, 2, 3],
        local_supporting_rate=0.6,
        chain_link_coverage=[{"id": link.pk, "name": "储能", "flag": "empty", "members": 0}],
        **common,
    )
    plan = CultivationPlan.objects.create(
        cluster=cluster,
        title="南京培育提升方案",
        period_start=2021,
        period_end=2025,
        status=CultivationPlan.Status.APPROVED,
    )
    PlanTarget.objects.create(
        plan=plan,
        indicator=indicator("revenue"),
        baseline_year=2021,
        baseline_value=100,
        target_year=2025,
        target_value=200,
    )
    for year, value in ((2021, 100), (2022, 101), (2023, 101), (2024, 102)):
        Observation.objects.create(
            cluster=cluster, indicator=indicator("revenue"), year=year, value=value, status="verified"
        )
    evaluation = run()
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED, evaluation.error
    result = MonitoringResult.objects.get(evaluation=evaluation, cluster=cluster)
    rules = {w.rule: w for w in result.warnings.all()}
    assert set(rules) >= {
        "concentration",
        "local_supporting_falling",
        "single_points_rising",
        "empty_chain_links",
        "stagnation",
        "plan_off_track",
    }
    assert rules["concentration"].details["largest_enterprise"] == "国电南瑞"
    assert rules["concentration"].details["largest_share"] == 0.9
    assert (
        rules["single_points_rising"].details["previous"] == 1 and rules["single_points_rising"].details["current"] == 3
    )
    assert rules["stagnation"].details["latest_joined"] == 2018
    assert rules["plan_off_track"].details["off_track"][0]["code"] == "revenue"
    assert result.recommendation in ("warn", "drop")
    other = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.wuxi_cluster)
    assert not other.warnings.exclude(rule="data_late").exists()


def test_rerun_on_the_same_data_gives_the_same_digest_and_results(world):
    monitoring_evaluation(world)  # seeds observations and members
    first, second = run(), run()
    assert first.digest and first.digest == second.digest

    def rows(evaluation):
        return sorted(
            (
                r.cluster_id,
                r.overall,
                r.grade,
                r.recommendation,
                str(r.scores),
                sorted((w.rule, str(w.details)) for w in r.warnings.all()),
            )
            for r in MonitoringResult.objects.filter(evaluation=evaluation)
        )

    assert rows(first) == rows(second)
    Observation.objects.filter(cluster=world.wuxi_cluster, year=2024).update(value=Decimal(999))
    assert run().digest != first.digest


def test_a_finished_evaluation_is_left_alone_and_a_partial_one_is_replaced(world):
    evaluation = monitoring_evaluation(world)
    count = MonitoringResult.objects.filter(evaluation=evaluation).count()
    grading.evaluate(evaluation.pk)
    assert MonitoringResult.objects.filter(evaluation=evaluation).count() == count
    MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(status=MonitoringEvaluation.Status.RUNNING)
    grading.evaluate(evaluation.pk)
    assert MonitoringResult.objects.filter(evaluation=evaluation).count() == count == 5


def test_change_is_taken_from_last_years_evaluation(world):
    monitoring_evaluation(world)
    earlier = run(year=2023)
    later = run(year=2024)
    before = MonitoringResult.objects.get(evaluation=earlier, cluster=world.wuxi_cluster)
    after = MonitoringResult.objects.get(evaluation=later, cluster=world.wuxi_cluster)
    assert after.previous_overall == before.overall
    assert after.change == after.overall - before.overall


def test_evaluation_start_is_recorded_then_queued_and_the_task_runs_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evaluation = monitoring_services.evaluation_start(year=2024, by=world.ministry)
    assert evaluation.status == MonitoringEvaluation.Status.QUEUED and len(callbacks) == 1
    assert evaluation.method.version == 1 and evaluation.tiers == ["national", "world_class"]
    callbacks[0]()  # the eager task
    evaluation.refresh_from_db()
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED and evaluation.progress == 100
    assert evaluation.summary["clusters"] == Cluster.objects.filter(tier__in=["national", "world_class"]).count()


def test_bad_input_is_a_field_error_and_changes_nothing(world):
    for kwargs, field in (
        ({"year": 1990}, "year"),
        ({"year": "x"}, "year"),
        ({"year": 2024, "tiers": ["gold"]}, "tiers"),
    ):
        with pytest.raises(ValidationError) as raised:
            monitoring_services.evaluation_start(by=world.ministry, **kwargs)
        assert field in raised.value.message_dict
    assert not MonitoringEvaluation.objects.exists()


def test_the_scheduled_task_creates_the_previous_years_evaluation(world, django_capture_on_commit_callbacks):
    from monitoring.evaluation.beat import monitoring_yearly

    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-yearly"]
    assert entry["task"] == monitoring_yearly.name
    assert entry["schedule"].month_of_year == {3} and entry["schedule"].day_of_month == {1}
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {0}
    with django_capture_on_commit_callbacks(execute=True):
        pk = monitoring_yearly.apply().get()
    evaluation = MonitoringEvaluation.objects.get(pk=pk)
    assert evaluation.year == timezone.localdate().year - 1
    assert evaluation.trigger == MonitoringEvaluation.Trigger.SCHEDULED
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED
    assert monitoring_yearly.apply().get() == pk  # once a year


# Methods -----------------------------------------------------------------------------------------------------------


def test_a_new_method_version_becomes_current_and_the_old_one_is_unchanged(world):
    first = monitoring_services.method_current()
    config = copy.deepcopy(first.config)
    config["dimensions"]["innovation"]["weight"], config["dimensions"]["governance"]["weight"] = 30, 10
    second = monitoring_services.method_create(name="2025年版", config=config, by=world.ministry)
    first.refresh_from_db()
    assert second.version == 2 and second.is_current and not first.is_current
    assert first.config == method.DEFAULT_CONFIG
    assert run().method == second


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c: c["dimensions"]["innovation"].update(weight=40), "sum to 115"),
        (lambda c: c["dimensions"]["innovation"]["inputs"][0].update(code="no_such"), "unknown indicator code"),
        (lambda c: c["dimensions"]["innovation"]["inputs"][0].update(weight=10), "not 100"),
        (lambda c: c["grades"].reverse(), "Grade minimums"),
        (lambda c: c["rules"]["concentration"].update(hhi="x"), "hhi"),
    ],
)
def test_an_invalid_method_is_refused_with_a_field_error(world, change, message):
    monitoring_services.method_current()
    config = copy.deepcopy(method.DEFAULT_CONFIG)
    change(config)
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        monitoring_services.method_create(name="坏版本", config=config, by=world.ministry)
    assert any(message in text for text in raised.value.message_dict["config"])
    assert MonitoringMethod.objects.count() == 1


def test_rule_catalogue_names_every_rule_with_threshold_and_explanation():
    catalogue = method.rule_catalogue()
    assert [r["code"] for r in catalogue] == list(method.RULES)
    concentration = next(r for r in catalogue if r["code"] == "concentration")
    assert concentration["threshold"] == {"largest_share": 0.7, "hhi": 0.5}
    assert "70%" in concentration["explanation"]


# Visibility, API and pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_result_list_holds_exactly_the_visible_clusters(role, world, client_for):
    evaluation = monitoring_evaluation(world)
    body = client_for(world.user(role)).get(reverse("api:monitoring-result-list")).json()
    expected = {
        r.pk
        for r in MonitoringResult.objects.filter(evaluation=evaluation)
        if any(world.clusters[name] == r.cluster for name in VISIBLE_CLUSTERS[role])
    }
    assert {row["id"] for row in body["results"]} == expected


def test_api_starts_an_evaluation(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.ministry).post(
            reverse("api:monitoring-evaluation-list"), {"year": 2024, "tiers": ["national"]}, format="json"
        )
    assert response.status_code == 201, response.content
    evaluation = MonitoringEvaluation.objects.get(pk=response.json()["id"])
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED and evaluation.tiers == ["national"]
    refused = client_for(world.ministry).post(reverse("api:monitoring-evaluation-list"), {"year": 1800}, format="json")
    assert refused.status_code == 400 and "year" in refused.json()["error"]["fields"]


def test_result_page_says_why_a_cluster_is_warned(world, page_client_for):
    evaluation = monitoring_evaluation(world)
    result = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.shenzhen_cluster)
    page = (
        page_client_for(world.shenzhen_body)
        .get(reverse("monitoring-result-detail", args=[result.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Concentration on one enterprise" in page
    assert "龙头企业 has 90.0 % of the revenue of 2 enterprises" in page
    assert "Scores per dimension" in page
    nanjing = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.nanjing_cluster)
    assert nanjing.warnings.filter(rule="indicator_falling").exists()


def test_evaluation_page_filters_results(world, page_client_for):
    evaluation = monitoring_evaluation(world)
    client = page_client_for(world.ministry)
    url = reverse("monitoring-evaluation-detail", args=[evaluation.pk])
    page = client.get(url, {"province": "440000"}).content.decode()
    assert world.shenzhen_cluster.name in page and world.wuxi_cluster.name not in page
    warned = client.get(url, {"recommendation": "warn"}).content.decode()
    assert world.shenzhen_cluster.name in warned


def test_ministry_runs_an_evaluation_from_the_page(world, page_client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client_for(world.ministry).post(
            reverse("monitoring-evaluation-list"), {"year": 2024, "tiers": ["national", "provincial"]}
        )
    evaluation = MonitoringEvaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "monitoring-evaluation-detail", args=[evaluation.pk]
    )
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED


# Query counts ------------------------------------------------------------------------------------------------------


def make_clusters(world, n):
    revenue = indicator("revenue")
    for i in range(n):
        cluster = ClusterFactory(promotion_body=world.orgs["nanjing_body"], region_codes=["320100"])
        Observation.objects.bulk_create(
            Observation(cluster=cluster, indicator=revenue, year=y, value=100 + i + y % 7, status="verified")
            for y in range(2020, 2025)
        )
        member = Member.objects.create(cluster=cluster, name=f"企业{i}", revenue=100, joined_year=2024)
        member_years_from_figures(members=Member.objects.filter(pk=member.pk), years=(2024,), log=None)
        NetworkAnalysis.objects.create(
            cluster=cluster,
            year=2024,
            status=NetworkAnalysis.Status.SUCCEEDED,
            finished=timezone.now() - datetime.timedelta(hours=1),
        )


def test_evaluation_queries_do_not_grow_with_the_number_of_clusters(world):
    monitoring_services.method_current()

    def evaluation_queries():
        evaluation = MonitoringEvaluation.objects.create(
            year=2024, method=monitoring_services.method_current(), tiers=ALL_TIERS
        )
        return count_queries(lambda: grading.evaluate(evaluation.pk))

    few = evaluation_queries()
    make_clusters(world, 12)
    assert evaluation_queries() == few


def test_list_query_counts_do_not_grow_with_rows(world, client_for, page_client_for):
    evaluation = monitoring_evaluation(world)
    api, pages = client_for(world.ministry), page_client_for(world.ministry)
    urls = [
        (api, reverse("api:monitoring-result-list")),
        (api, reverse("api:monitoring-evaluation-list")),
        (api, reverse("api:monitoring-method-list")),
        (pages, reverse("monitoring-evaluation-list")),
        (pages, reverse("monitoring-evaluation-detail", args=[evaluation.pk])),
        (pages, reverse("monitoring-method-list")),
    ]
    before = [count_queries(lambda c=c, u=u: c.get(u)) for c, u in urls]
    make_clusters(world, 6)
    run()
    monitoring_services.method_create(name="v2", config=copy.deepcopy(CONFIG), by=world.ministry)
    after = [count_queries(lambda c=c, u=u: c.get(u)) for c, u in urls]
    assert before == after
    assert EarlyWarning.objects.exists()


def test_demo_has_two_yearly_evaluations_and_a_cluster_warned_for_a_traceable_reason(demo):
    evaluations = MonitoringEvaluation.objects.filter(status=MonitoringEvaluation.Status.SUCCEEDED)
    assert sorted(evaluations.values_list("year", flat=True)) == [2023, 2024]
    for evaluation in evaluations:
        # Dongguan's invention patents fall every year of the demo: a serious "indicator falling" warning.
        dongguan = MonitoringResult.objects.get(evaluation=evaluation, cluster__name="东莞市智能移动终端集群")
        assert dongguan.recommendation == "warn"
        warning = dongguan.warnings.get(rule="indicator_falling")
        assert warning.severity == "serious" and warning.details["indicator"] == "invention_patents"
        filed = dict(
            Observation.objects.filter(
                cluster=dongguan.cluster, indicator__code="invention_patents", year__lte=evaluation.year
            ).values_list("year", "value")
        )
        series = {int(year): value for year, value in warning.details["series"].items()}
        assert series == {year: float(filed[year]) for year in series} and len(series) == warning.details["years"] + 1
        assert list(series.values()) == sorted(series.values(), reverse=True)
        # Members at their real order of magnitude: no cluster rests on one enterprise (iFLYTEK is about a fifth of
        # Hefei's members' revenue).
        assert not EarlyWarning.objects.filter(result__evaluation=evaluation, rule="concentration").exists()
    # The ten clusters of the article and the eight candidates of the demo competition, for 2023 and 2024.
    analyses = NetworkAnalysis.objects.filter(status=NetworkAnalysis.Status.SUCCEEDED)
    assert sorted(analyses.values_list("year", flat=True)) == [2023] * 18 + [2024] * 18


def test_the_last_rectification_note_is_shown_with_the_next_evaluation(world, page_client_for):
    from monitoring.models import RectificationNote

    RectificationNote.objects.create(
        cluster=world.nanjing_cluster, text="已制定营业收入回升计划。", organisation=world.orgs["nanjing_body"]
    )
    RectificationNote.objects.create(
        cluster=world.nanjing_cluster,
        text="引进三家配套企业，降低对龙头企业的依赖。",
        organisation=world.orgs["jiangsu"],
    )
    evaluation = monitoring_evaluation(world)
    result = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.nanjing_cluster)
    assert result.inputs["rectification"]["text"] == "引进三家配套企业，降低对龙头企业的依赖。"
    page = page_client_for(world.jiangsu).get(reverse("monitoring-result-detail", args=[result.pk])).content.decode()
    assert "引进三家配套企业" in page and "已制定营业收入回升计划" not in page
    other = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.wuxi_cluster)
    assert other.inputs["rectification"] is None


def test_api_filters_results_by_province_grade_and_recommendation(world, client_for):
    evaluation = monitoring_evaluation(world)
    client = client_for(world.ministry)
    url = reverse("api:monitoring-result-list")
    guangdong = client.get(url, {"evaluation": evaluation.pk, "province": "440000"}).json()
    assert {row["cluster"] for row in guangdong["results"]} == {world.shenzhen_cluster.pk, world.cross_cluster.pk}
    shenzhen = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.shenzhen_cluster)
    same_grade = client.get(url, {"grade": shenzhen.grade, "recommendation": shenzhen.recommendation}).json()
    assert shenzhen.pk in {row["id"] for row in same_grade["results"]}
    detail = client.get(reverse("api:monitoring-result-detail", args=[shenzhen.pk])).json()
    assert [w["rule"] for w in detail["warnings"]] == ["concentration"]
    assert set(detail["scores"]) == set(method.DIMENSIONS)


def test_a_local_government_sees_the_counts_of_its_own_clusters_only(world, page_client_for, client_for):
    evaluation = monitoring_evaluation(world)
    page = page_client_for(world.guangdong).get(reverse("monitoring-evaluation-detail", args=[evaluation.pk]))
    counts = page.context["counts"]
    assert counts["clusters"] == 2  # Shenzhen and the cross-region cluster, not the nation's five
    assert (
        counts["warnings"]
        == EarlyWarning.objects.filter(
            result__evaluation=evaluation, result__cluster__in=[world.shenzhen_cluster, world.cross_cluster]
        ).count()
    )
    url = reverse("api:monitoring-evaluation-detail", args=[evaluation.pk])
    assert client_for(world.guangdong).get(url).json()["summary"] == {}
    assert client_for(world.ministry).get(url).json()["summary"]["clusters"] == 5


def test_the_evaluation_page_names_earlier_runs_on_the_same_inputs(world, page_client_for):
    first = monitoring_evaluation(world)
    second = run()
    page = page_client_for(world.ministry).get(reverse("monitoring-evaluation-detail", args=[second.pk]))
    assert [other.pk for other in page.context["same_inputs"]] == [first.pk]


def test_a_run_that_finds_the_evaluation_finished_by_another_worker_stores_nothing(world, monkeypatch):
    """A redelivered task computing beside the first: whoever locks the row after the other finished stores nothing
    (no duplicate results, no error)."""
    evaluation = MonitoringEvaluation.objects.create(
        year=2024, method=monitoring_services.method_current(), tiers=ALL_TIERS
    )
    real_compute = grading.compute

    def compute_while_another_worker_finishes(data):
        results = real_compute(data)
        MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(status=MonitoringEvaluation.Status.SUCCEEDED)
        return results

    monkeypatch.setattr(grading, "compute", compute_while_another_worker_finishes)
    grading.evaluate(evaluation.pk)
    assert not MonitoringResult.objects.filter(evaluation=evaluation).exists()
    evaluation.refresh_from_db()
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED and evaluation.error == ""


def test_result_page_shows_last_years_figures_and_the_trend(world, page_client_for):
    monitoring_evaluation(world)
    run(year=2023)
    later = run(year=2024)
    result = MonitoringResult.objects.get(evaluation=later, cluster=world.nanjing_cluster)
    page = page_client_for(world.nanjing_body).get(reverse("monitoring-result-detail", args=[result.pk]))
    revenue = next(
        part
        for row in page.context["dimensions"]
        for part in row["inputs"]
        if part["key"] == "revenue" and part["source"] == "indicator"
    )
    assert revenue["raw"] == pytest.approx((100 / 110 - 1) * 100, abs=1e-4)  # 2024 on 2023
    assert revenue["previous_raw"] == f"{(110 / 120 - 1) * 100:.4g}"  # 2023 on 2022
    assert [row.evaluation.year for row in page.context["trend"]] == [2024, 2023]
    assert 'id="trend"' in page.content.decode()


def test_evaluation_list_counts_the_viewers_results(world, page_client_for):
    evaluation = monitoring_evaluation(world)
    for role, expected in (("ministry", 5), ("guangdong", 2), ("nanjing_body", 2)):
        page = page_client_for(world.user(role)).get(reverse("monitoring-evaluation-list"))
        row = next(e for e in page.context["page"].object_list if e.pk == evaluation.pk)
        assert row.result_count == expected, role


def test_a_cluster_designated_after_the_year_is_not_evaluated_for_it(world):
    monitoring_evaluation(world)
    Cluster.objects.filter(pk=world.wuxi_cluster.pk).update(national_since=2024)
    earlier, later = run(year=2023), run(year=2024)
    evaluated = {
        evaluation.year: set(MonitoringResult.objects.filter(evaluation=evaluation).values_list("cluster", flat=True))
        for evaluation in (earlier, later)
    }
    assert world.wuxi_cluster.pk not in evaluated[2023] and world.wuxi_cluster.pk in evaluated[2024]
    assert evaluated[2024] - evaluated[2023] == {world.wuxi_cluster.pk}
    panels = {year: monitoring_services.evaluation_completeness(year=year, tiers=ALL_TIERS) for year in (2023, 2024)}
    assert len(panels[2024].clusters) == len(panels[2023].clusters) + 1
