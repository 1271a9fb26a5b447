"""Plan versus actual, on data worked out by hand.

A revenue target from 100 (2022) to 200 (2027): the planned path rises 20 a year, so in 2024 the expected value is
100 + (200 − 100) × 2/5 = 140 and the expected progress 40. An actual value of 130 is 30/40 = 75 % of it (at
risk), 137 is 92.5 % (on track), 120 is 50 % (off track); 136 and 124 are the limits 90 % and 60 %.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from clusters.models import Observation
from policies.plans.progress import Status, expected_value, target_progress
from policies.plans.selectors import national_summary, plan_progress, progress_for_plans

from .builders.plans import make_plan, target
from .conftest import count_queries
from .factories import indicator


def revenue_target(baseline_value="100", target_value="200", baseline_year=2022, target_year=2027):
    return SimpleNamespace(
        pk=1,
        baseline_year=baseline_year,
        baseline_value=Decimal(baseline_value),
        target_year=target_year,
        target_value=Decimal(target_value),
    )


def test_the_planned_path_is_the_straight_line_then_the_target():
    values = {
        year: expected_value(baseline_year=2022, baseline_value=100, target_year=2027, target_value=200, year=year)
        for year in (2021, 2022, 2023, 2024, 2027, 2030)
    }
    assert values == {
        2021: Decimal(100),
        2022: Decimal(100),
        2023: Decimal(120),
        2024: Decimal(140),
        2027: Decimal(200),
        2030: Decimal(200),
    }


@pytest.mark.parametrize(
    ("actual", "status", "ratio"),
    [
        ("137", Status.ON_TRACK, Decimal("0.925")),
        ("136", Status.ON_TRACK, Decimal("0.9")),
        ("130", Status.AT_RISK, Decimal("0.75")),
        ("124", Status.AT_RISK, Decimal("0.6")),
        ("120", Status.OFF_TRACK, Decimal("0.5")),
        ("95", Status.OFF_TRACK, Decimal("-0.125")),
    ],
)
def test_progress_against_the_planned_path(actual, status, ratio):
    progress = target_progress(revenue_target(), {2021: Decimal(90), 2023: Decimal(115), 2024: Decimal(actual)})
    assert (progress.status, progress.year, progress.expected, progress.ratio) == (status, 2024, Decimal(140), ratio)


def test_where_lower_is_better_progress_is_a_fall():
    # Energy per unit of output from 0.50 (2022) to 0.40 (2027): expected in 2024 0.46, a fall of 0.04.
    target = revenue_target(baseline_value="0.50", target_value="0.40")
    at_risk = target_progress(target, {2024: Decimal("0.47")}, higher_is_better=False)
    assert (at_risk.status, at_risk.expected, at_risk.ratio) == (Status.AT_RISK, Decimal("0.46"), Decimal("0.75"))
    ahead = target_progress(target, {2024: Decimal("0.455")}, higher_is_better=False)
    assert (ahead.status, ahead.ratio) == (Status.ON_TRACK, Decimal("1.125"))
    worse = target_progress(target, {2024: Decimal("0.52")}, higher_is_better=False)
    assert (worse.status, worse.ratio) == (Status.OFF_TRACK, Decimal("-0.5"))


def test_no_observation_after_the_baseline_year_is_no_data():
    progress = target_progress(revenue_target(), {2020: Decimal(80), 2022: Decimal(100)})
    assert (progress.status, progress.actual, progress.ratio) == (Status.NO_DATA, None, None)


def test_after_the_target_year_the_expected_value_is_the_target():
    progress = target_progress(revenue_target(), {2028: Decimal(190)})
    assert (progress.status, progress.expected, progress.ratio) == (Status.ON_TRACK, Decimal(200), Decimal("0.9"))


def test_a_target_that_keeps_the_baseline_is_on_track_while_no_worse():
    target = revenue_target(baseline_value="80", target_value="80")
    assert target_progress(target, {2024: Decimal(81)}).status == Status.ON_TRACK
    assert target_progress(target, {2024: Decimal(80)}).status == Status.ON_TRACK
    assert target_progress(target, {2024: Decimal(79)}).status == Status.OFF_TRACK


def test_the_chart_holds_the_planned_path_and_the_observations():
    progress = target_progress(revenue_target(), {2021: Decimal(90), 2024: Decimal(130)})
    assert progress.chart() == {
        "years": [2021, 2022, 2023, 2024, 2025, 2026, 2027],
        "planned": [None, 100.0, 120.0, 140.0, 160.0, 180.0, 200.0],
        "observed": [90.0, None, None, 130.0, None, None, None],
    }


def observe(cluster, code, values):
    for year, value in values.items():
        Observation.objects.create(
            cluster=cluster, indicator=indicator(code), year=year, value=Decimal(value), status="verified"
        )


def test_a_plans_progress_from_the_clusters_observations(world, client_for, page_client_for):
    plan = make_plan(
        world,
        state="submitted",
        targets=[
            target(),  # revenue 100 → 200
            target("energy_per_output", baseline_value="0.50", target_value="0.40"),
            target("little_giants", baseline_value="10", target_value="20"),
        ],
    )
    observe(world.nanjing_cluster, "revenue", {2022: "100", 2023: "118", 2024: "130"})
    observe(world.nanjing_cluster, "energy_per_output", {2022: "0.50", 2024: "0.455"})
    observe(world.shenzhen_cluster, "little_giants", {2024: "30"})  # another cluster's value is not this plan's
    observe(world.nanjing_cluster, "little_giants", {2021: "9"})
    statuses = {p.target.indicator.code: (p.status, p.ratio) for p in plan_progress(plan)}
    assert statuses == {
        "revenue": (Status.AT_RISK, Decimal("0.75")),
        "energy_per_output": (Status.ON_TRACK, Decimal("1.125")),
        "little_giants": (Status.NO_DATA, None),
    }
    body = client_for(world.nanjing_body).get(reverse("api:plan-progress", args=[plan.pk])).json()
    assert body["counts"] == {"on_track": 1, "at_risk": 1, "off_track": 0, "no_data": 1}
    revenue = next(row for row in body["targets"] if row["indicator"] == "revenue")
    assert (revenue["year"], revenue["actual"], revenue["expected"], revenue["ratio"], revenue["assessment"]) == (
        2024,
        130,
        140,
        0.75,
        "at_risk",
    )
    page = page_client_for(world.jiangsu).get(reverse("plan-detail", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "On track: at least 90 % of the expected progress" in text
    assert 'data-status="at_risk"' in text and 'data-status="no_data"' in text


def test_progress_of_many_plans_takes_two_queries(world):
    plans = [make_plan(world, state="submitted")]
    assert count_queries(lambda: progress_for_plans(plans)) == 2
    for code in ("shenzhen_cluster", "cross_cluster", "wuxi_cluster"):
        by = "guangdong" if code == "shenzhen_cluster" else "jiangsu"
        plans.append(
            make_plan(
                world,
                cluster=code,
                by=by,
                state="submitted",
                targets=[target(), target("little_giants", baseline_value="10", target_value="20")],
            )
        )
        observe(world.clusters[code], "revenue", {2024: "150"})
    assert count_queries(lambda: progress_for_plans(plans)) == 2


def test_the_national_summary_counts_by_province_and_status(world):
    from django_scopes import scope

    from tenancy.visibility import Viewer

    make_plan(world, state="approved")  # Jiangsu
    make_plan(world, cluster="shenzhen_cluster", by="guangdong", state="returned")  # Guangdong
    make_plan(world, cluster="cross_cluster", by="guangdong", owners=["guangdong", "jiangsu"], state="submitted")
    make_plan(world, cluster="wuxi_cluster", by="jiangsu")  # a draft: not the ministry's to see
    observe(world.nanjing_cluster, "revenue", {2024: "150"})
    with scope(viewer=Viewer.for_user(world.ministry)):
        summary = national_summary()
    rows = {row["code"]: row for row in summary["rows"]}
    assert sorted(rows) == ["320000", "440000"]
    assert rows["320000"]["plans"] == 2 and rows["440000"]["plans"] == 2  # the cross-region plan counts in both
    assert rows["320000"]["status_counts"] == {"draft": 0, "submitted": 1, "returned": 0, "approved": 1}
    assert rows["440000"]["status_counts"] == {"draft": 0, "submitted": 1, "returned": 1, "approved": 0}
    assert summary["plans"] == 3
    assert summary["status_counts"] == {"draft": 0, "submitted": 1, "returned": 1, "approved": 1}
    assert summary["progress_counts"] == {"on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 2}


def test_the_summary_pages(world, page_client_for):
    make_plan(world, state="approved")
    observe(world.nanjing_cluster, "revenue", {2024: "150"})
    national = page_client_for(world.ministry).get(reverse("plan-summary-national"))
    assert national.status_code == 200
    assert 'data-province="320000"' in national.content.decode()
    local = page_client_for(world.jiangsu).get(reverse("plan-summary"))
    assert local["Location"] == reverse("plan-summary-local", args=[world.orgs["jiangsu"].pk])
    page = page_client_for(world.jiangsu).get(local["Location"]).content.decode()
    assert 'data-progress="on_track" title' in page
    assert page_client_for(world.guangdong).get(local["Location"]).status_code == 404


def test_the_demo_plans_are_in_every_state_with_a_mix_of_progress(demo):
    from django_scopes import scopes_disabled

    from policies.models import CultivationPlan, PlanVersion

    with scopes_disabled():
        plans = list(CultivationPlan.objects.select_related("cluster__promotion_body"))
        states = {plan.cluster.promotion_body.slug: (plan.status, plan.version) for plan in plans}
        assert len(plans) == 10
        assert states["nanjing-grid"] == ("approved", 2)
        assert states["shenzhen-ict"] == ("returned", 1)
        assert states["sz-gz-medical"] == ("submitted", 2)
        assert states["wuxi-iot"] == ("submitted", 1)
        assert states["dongguan-terminals"] == ("draft", 0)
        assert {status for status, _version in states.values()} == {"draft", "submitted", "returned", "approved"}
        progress = progress_for_plans(plans)
        counts = dict.fromkeys(Status.ORDER, 0)
        for items in progress.values():
            for item in items:
                counts[item.status] += 1
        assert all(counts.values()), counts
        assert PlanVersion.objects.count() == 10  # 8 plans submitted at least once, two of them twice
