"""The annual monitoring evaluation's engine (issue 6): scores and grades worked out by hand, each early-warning rule
on data made to trigger it and on data made not to, and recommendations."""

import copy
from decimal import Decimal

import pytest

from monitoring.evaluation import early_warnings, grading
from monitoring.evaluation.inputs import ClusterData, MonitoringData

from .builders.monitoring import CONFIG

pytestmark = pytest.mark.django_db


def data_for(*clusters, year=2024, config=None, deadline_passed=False):
    return MonitoringData(
        year=year,
        config=config or CONFIG,
        clusters=list(clusters),
        higher_is_better={"energy_per_output": False},
        indicator_names={},
        deadline_passed=deadline_passed,
        deadline=f"{year + 1}-02-28",
    )


def rules_of(cluster, **kwargs):
    return {w["rule"]: w for w in early_warnings.early_warnings(cluster, data_for(cluster, **kwargs))}


def network(pk, *, lsr=0.8, points=2, links=4, empty=()):
    return {
        "id": pk,
        "local_supporting_rate": lsr,
        "articulation_points": points,
        "chain_links": links,
        "empty_links": len(empty),
        "empty_names": list(empty),
        "density": 0.1,
        "clustering": 0.2,
    }


# Grades worked out by hand -----------------------------------------------------------------------------------------


def simple_config():
    config = copy.deepcopy(CONFIG)
    for name in config["dimensions"]:
        config["dimensions"][name]["inputs"] = [
            {"source": "indicator", "code": "revenue", "weight": 100, "scale": "range", "low": 0, "high": 200}
        ]
    config["dimensions"]["innovation"]["inputs"] = [
        {"source": "indicator", "code": "rd_intensity", "weight": 60, "scale": "minmax"},
        {"source": "indicator", "code": "invention_patents", "weight": 40, "scale": "growth", "low": -10, "high": 10},
    ]
    return config


def test_grades_worked_out_by_hand():
    """Cluster A: revenue 180 on 0–200 → 90 in four dimensions; innovation: R&D 4 is the highest (min–max → 100),
    patents +5 % on −10…10 % → 75, so (100×60 + 75×40) ÷ 100 = 90. Overall = 90 → A.
    Cluster B: revenue 100 → 50; R&D 2 is the lowest → 0, patents −10 % → 0; innovation 0.
    Overall = 25×0 + (20+20+20+15)×50 ÷ 100 = 37.5 → D."""
    a = ClusterData(
        id=1,
        name="A",
        observations={"revenue": {2024: 180}, "rd_intensity": {2024: 4}, "invention_patents": {2023: 100, 2024: 105}},
    )
    b = ClusterData(
        id=2,
        name="B",
        observations={"revenue": {2024: 100}, "rd_intensity": {2024: 2}, "invention_patents": {2023: 100, 2024: 90}},
    )
    results = {r["cluster"]: r for r in grading.compute(data_for(a, b, config=simple_config()))}
    assert results[1]["scores"]["innovation"]["score"] == 90.0
    assert results[1]["scores"]["governance"]["score"] == 90.0
    assert results[1]["overall"] == Decimal("90.00") and results[1]["grade"] == "A"
    assert results[2]["scores"]["innovation"]["score"] == 0.0
    assert results[2]["overall"] == Decimal("37.50") and results[2]["grade"] == "D"
    assert results[1]["recommendation"] == "keep" and results[2]["recommendation"] == "warn"


def test_grade_bands_and_missing_inputs():
    grades = CONFIG["grades"]
    assert [grading.grade_for(Decimal(v), grades) for v in ("85", "84.99", "70", "60", "59.99", "0")] == [
        "A",
        "B",
        "B",
        "C",
        "D",
        "D",
    ]
    # A missing indicator scores 0 and keeps its weight (issue 13): patents missing → innovation = R&D's 100 × 60 %.
    a = ClusterData(id=1, name="A", observations={"revenue": {2024: 200}, "rd_intensity": {2024: 3}})
    result = grading.compute(data_for(a, config=simple_config()))[0]
    assert result["scores"]["innovation"]["score"] == 60.0  # min–max with one cluster: 100, for R&D's weight 60
    assert result["scores"]["innovation"]["inputs"][1]["score"] == 0.0
    assert result["scores"]["innovation"]["inputs"][1]["missing"] is True


def test_change_from_last_year_and_drop_after_two_years_of_d():
    a = ClusterData(id=1, name="A", observations={"revenue": {2024: 20}}, previous={"overall": 40.0, "grade": "D"})
    result = grading.compute(data_for(a, config=simple_config()))[0]
    assert result["grade"] == "D"
    assert result["previous_overall"] == Decimal("40.0")
    assert result["change"] == result["overall"] - Decimal("40.0")
    assert result["recommendation"] == "drop"


def test_recommendation_rule():
    rule = CONFIG["recommendation"]
    serious = {"severity": "serious"}
    assert grading.recommend("B", None, [], rule) == "keep"
    assert grading.recommend("B", None, [{"severity": "warning"}] * 5, rule) == "keep"
    assert grading.recommend("B", None, [serious], rule) == "warn"
    assert grading.recommend("D", "C", [], rule) == "warn"
    assert grading.recommend("B", None, [serious] * 3, rule) == "drop"


# Early-warning rules: each triggered and not ------------------------------------------------------------------------


def test_indicator_falling_two_years_triggers_and_one_year_does_not():
    falling = ClusterData(id=1, name="A", observations={"revenue": {2022: 120, 2023: 110, 2024: 100}})
    warning = rules_of(falling)["indicator_falling"]
    assert warning["details"]["indicator"] == "revenue" and warning["details"]["years"] == 2
    assert warning["details"]["series"] == {"2022": 120, "2023": 110, "2024": 100}
    assert warning["severity"] == "warning"
    once = ClusterData(id=1, name="A", observations={"revenue": {2022: 100, 2023: 110, 2024: 105}})
    assert "indicator_falling" not in rules_of(once)
    # Lower is better: energy per unit of output rising three years is a serious fall.
    worse = ClusterData(id=1, name="A", observations={"energy_per_output": {2021: 1, 2022: 1.1, 2023: 1.2, 2024: 1.3}})
    assert rules_of(worse)["indicator_falling"]["severity"] == "serious"
    better = ClusterData(id=1, name="A", observations={"energy_per_output": {2022: 1.2, 2023: 1.1, 2024: 1.0}})
    assert "indicator_falling" not in rules_of(better)


def members(total, largest, squares, **extra):
    return {
        "revenue_total": total,
        "revenue_largest": largest,
        "revenue_squares": squares,
        "enterprises_with_revenue": 3,
        "total": 3,
        **extra,
    }


def test_concentration_triggers_over_the_threshold_and_not_under():
    concentrated = ClusterData(
        id=1, name="A", members=members(100, 80, 80**2 + 10**2 + 10**2), largest_enterprise="龙头"
    )
    warning = rules_of(concentrated)["concentration"]
    assert warning["details"]["largest_share"] == 0.8 and warning["details"]["hhi"] == 0.66
    assert warning["details"]["largest_enterprise"] == "龙头" and warning["severity"] == "serious"
    spread = ClusterData(id=1, name="A", members=members(100, 40, 40**2 + 30**2 + 30**2))
    assert "concentration" not in rules_of(spread)


def test_local_supporting_rate_falling():
    fell = ClusterData(id=1, name="A", network=network(2, lsr=0.70), previous_network=network(1, lsr=0.80))
    warning = rules_of(fell)["local_supporting_falling"]
    assert warning["details"]["basis"] == "network" and warning["details"]["drop_points"] == 10
    steady = ClusterData(id=1, name="A", network=network(2, lsr=0.78), previous_network=network(1, lsr=0.80))
    assert "local_supporting_falling" not in rules_of(steady)
    by_indicator = ClusterData(id=1, name="A", observations={"local_supporting_rate": {2023: 80, 2024: 70}})
    assert rules_of(by_indicator)["local_supporting_falling"]["details"]["basis"] == "indicator"


def test_more_single_points_of_failure():
    more = ClusterData(id=1, name="A", network=network(2, points=5), previous_network=network(1, points=3))
    assert rules_of(more)["single_points_rising"]["details"] == {"previous": 3, "current": 5, "analyses": [1, 2]}
    same = ClusterData(id=1, name="A", network=network(2, points=3), previous_network=network(1, points=3))
    assert "single_points_rising" not in rules_of(same)
    first = ClusterData(id=1, name="A", network=network(2, points=9))
    assert "single_points_rising" not in rules_of(first)


def test_empty_chain_links():
    gap = ClusterData(id=1, name="A", network=network(1, empty=["封装测试"]))
    assert rules_of(gap)["empty_chain_links"]["details"]["names"] == ["封装测试"]
    full = ClusterData(id=1, name="A", network=network(1))
    assert "empty_chain_links" not in rules_of(full)


def test_stagnation():
    old = ClusterData(id=1, name="A", members={"with_joined_year": 5, "latest_joined": 2021, "total": 5})
    assert rules_of(old)["stagnation"]["details"]["latest_joined"] == 2021
    recent = ClusterData(id=1, name="A", members={"with_joined_year": 5, "latest_joined": 2023, "total": 5})
    assert "stagnation" not in rules_of(recent)
    unknown = ClusterData(id=1, name="A", members={"with_joined_year": 0, "latest_joined": None, "total": 5})
    assert "stagnation" not in rules_of(unknown)


def plan(*statuses):
    return {
        "id": 7,
        "title": "培育提升方案",
        "targets": [{"code": f"t{i}", "status": s} for i, s in enumerate(statuses)],
    }


def test_plan_targets_off_track():
    warning = rules_of(ClusterData(id=1, name="A", plan=plan("on_track", "off_track", "at_risk")))["plan_off_track"]
    assert [t["code"] for t in warning["details"]["off_track"]] == ["t1"] and warning["severity"] == "warning"
    assert (
        rules_of(ClusterData(id=1, name="A", plan=plan("off_track", "on_track")))["plan_off_track"]["severity"]
        == "serious"
    )
    assert "plan_off_track" not in rules_of(ClusterData(id=1, name="A", plan=plan("on_track", "at_risk")))


def test_data_not_filed_on_time():
    late = ClusterData(id=1, name="A", observations={"revenue": {2023: 10}, "rd_intensity": {2023: 3, 2024: 3}})
    warning = rules_of(late, deadline_passed=True)["data_late"]
    assert warning["details"]["missing"] == ["revenue"] and warning["details"]["deadline"] == "2025-02-28"
    assert "data_late" not in rules_of(late, deadline_passed=False)  # before the deadline: still time
    filed = ClusterData(id=1, name="A", observations={"revenue": {2023: 10, 2024: 11}})
    assert "data_late" not in rules_of(filed, deadline_passed=True)
