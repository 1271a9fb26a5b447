"""Missing data never raises a grade (issue 13, item 2): removing any observation can never raise a cluster's score
(a property test on random data), and below the completeness threshold the ministry must give a reason to run."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring.evaluation.grading import compute
from monitoring.evaluation.inputs import ClusterData, MonitoringData
from monitoring.evaluation.method import DEFAULT_CONFIG, indicator_codes_of

CODES = indicator_codes_of(DEFAULT_CONFIG)
YEAR = 2024
VALUES = st.floats(min_value=0.01, max_value=5000, allow_nan=False, allow_infinity=False)
SERIES = st.dictionaries(st.sampled_from([YEAR - 2, YEAR - 1, YEAR]), VALUES, max_size=3)
CLUSTER = st.fixed_dictionaries(dict.fromkeys(CODES, SERIES))


def data_of(clusters):
    return MonitoringData(
        year=YEAR,
        config=DEFAULT_CONFIG,
        clusters=[
            ClusterData(id=index + 1, name=f"C{index}", observations={c: dict(s) for c, s in obs.items() if s})
            for index, obs in enumerate(clusters)
        ],
        higher_is_better={"energy_per_output": False},
        indicator_names={},
        deadline_passed=False,
        deadline="2025-02-28",
    )


@settings(max_examples=150, deadline=None)
@given(clusters=st.lists(CLUSTER, min_size=1, max_size=4), pick=st.integers(min_value=0, max_value=10_000))
def test_removing_an_observation_never_raises_the_clusters_score(clusters, pick):
    observed = [(i, code, year) for i, obs in enumerate(clusters) for code, s in obs.items() for year in s]
    if not observed:
        return
    index, code, year = observed[pick % len(observed)]
    before = {r["cluster"]: r["overall"] for r in compute(data_of(clusters))}
    fewer = [{c: dict(s) for c, s in obs.items()} for obs in clusters]
    del fewer[index][code][year]
    after = {r["cluster"]: r["overall"] for r in compute(data_of(fewer))}
    assert after[index + 1] <= before[index + 1]


def test_a_missing_indicator_scores_zero_and_keeps_its_weight():
    full = {code: {YEAR - 1: 10.0, YEAR: 11.0} for code in CODES}
    without = {code: series for code, series in full.items() if code != "rd_intensity"}
    [result] = compute(data_of([without]))
    part = next(p for p in result["scores"]["innovation"]["inputs"] if p["key"] == "rd_intensity")
    assert part["score"] == 0.0 and part["missing"] is True
    [complete] = compute(data_of([full]))
    assert result["overall"] < complete["overall"]


def test_a_plan_target_without_the_years_value_is_not_on_track():
    cluster = ClusterData(
        id=1,
        name="A",
        plan={
            "id": 9,
            "title": "P",
            "targets": [
                {"code": "revenue", "status": "on_track", "year": YEAR},
                {"code": "rd_intensity", "status": "on_track", "year": YEAR - 1},  # stale: not counted
                {"code": "export_share", "status": "no_data", "year": None},
            ],
        },
    )
    data = data_of([])
    data.clusters = [cluster]
    [result] = compute(data)
    part = next(p for p in result["scores"]["governance"]["inputs"] if p["key"] == "on_track_share")
    assert part["raw"] == pytest.approx(1 / 3, abs=1e-6)


# The completeness panel and the ministry's reason ------------------------------------------------------------------


@pytest.fixture
def sparse(world, settings):
    from .factories import ObservationFactory, indicator

    settings.MONITORING_COMPLETENESS_THRESHOLD = 0.9
    world.nanjing_cluster.tier = "national"
    world.nanjing_cluster.save()
    ObservationFactory(cluster=world.nanjing_cluster, indicator=indicator("rd_intensity"), year=2024, value="3")
    ObservationFactory(
        cluster=world.nanjing_cluster, indicator=indicator("export_share"), year=2024, value="5", status="submitted"
    )
    return world


def test_the_panel_says_per_cluster_and_input_what_is_verified(sparse):
    from monitoring.evaluation import services

    panel = services.evaluation_completeness(year=2024, tiers=["national"])
    row = next(c for c in panel.clusters if c.id == sparse.nanjing_cluster.pk)
    states = dict(row.cells)
    assert states["rd_intensity"] == "verified"
    assert states["export_share"] == "unverified"
    assert states["revenue"] == "missing"  # growth: needs 2023 too
    assert panel.below_threshold


def test_below_the_threshold_a_run_without_reason_is_refused(sparse):
    from monitoring.evaluation import services
    from monitoring.models import MonitoringEvaluation

    with pytest.raises(ValidationError) as refused:
        services.evaluation_start(year=2024, tiers=["national"], by=sparse.ministry)
    assert "completeness_reason" in refused.value.message_dict
    assert not MonitoringEvaluation.objects.exists()
    evaluation = services.evaluation_start(
        year=2024, tiers=["national"], by=sparse.ministry, completeness_reason="  Year-end review needs it now  "
    )
    assert evaluation.completeness_reason == "Year-end review needs it now"
    assert evaluation.completeness["verified"] == 1 and evaluation.completeness["unverified"] == 1


def test_the_api_and_the_page_refuse_without_reason_and_show_the_reason(sparse, client_for, page_client_for):
    from django.urls import reverse

    from monitoring.models import MonitoringEvaluation

    api = client_for(sparse.ministry)
    url = reverse("api:monitoring-evaluation-list")
    refused = api.post(url, {"year": 2024, "tiers": ["national"]}, format="json")
    assert refused.status_code == 400 and "completeness_reason" in refused.json()["error"]["fields"]
    panel = api.get(reverse("api:monitoring-evaluation-completeness"), {"year": 2024, "tiers": "national"})
    assert panel.status_code == 200 and panel.json()["below_threshold"] is True
    page = page_client_for(sparse.ministry)
    response = page.post(reverse("monitoring-evaluation-list"), {"year": 2024, "tiers": ["national"]})
    assert response.status_code == 200 and "completeness-error" in response.content.decode()
    assert not MonitoringEvaluation.objects.exists()
    done = api.post(url, {"year": 2024, "tiers": ["national"], "completeness_reason": "Audit"}, format="json")
    assert done.status_code == 201 and done.json()["completeness_reason"] == "Audit"
    evaluation = MonitoringEvaluation.objects.get()
    detail = page.get(reverse("monitoring-evaluation-detail", args=[evaluation.pk])).content.decode()
    assert 'id="completeness-reason">Audit<' in detail
