"""The scoring method on small and large panels, against values worked out by hand: per-expert standardisation
only for experts who scored at least the round's minimum of entries (raw scores otherwise, stated per expert),
indicator criteria scaled against the rubric's range or the national distribution (a small track is not
winner-takes-all), the digest over every such input, byte-identical re-runs, and the settings' forms and API."""

import math
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.competitions import services as competition_services
from evaluations.models import Criterion, EvaluationRun, Result, Round
from evaluations.runs.scoring import CriterionSpec, EntrySpec, RunInputs, compute, digest

from .builders.runs import (
    add_entry,
    add_review,
    criteria_of,
    expert_criterion,
    experts,
    indicator_criterion,
    make_round,
    run_now,
)
from .factories import ClusterFactory, ObservationFactory, indicator

pytestmark = pytest.mark.django_db

D = Decimal
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ONE_EXPERT_CRITERION = [CriterionSpec(1, "expert", D(100), D(10))]  # weight 100 on a scale of 10: total = 10 × score


def inputs(scores=(), *, criteria=None, entries=None, claims=(), standardise_from=5, national=None, year=None):
    criteria = criteria or ONE_EXPERT_CRITERION
    entries = entries or [EntrySpec(pk, 1, None) for pk in sorted({entry for entry, *_rest in scores})]
    return RunInputs.from_scores(
        scores=list(scores),
        round_id=1,
        rule="top_n",
        top_n=1,
        threshold=None,
        criteria=criteria,
        entries=entries,
        claims=list(claims),
        standardise_from=standardise_from,
        reference_year=year,
        national=national or {},
    )


def by_entry(outcome):
    return {result.entry_id: result for result in outcome.results}


def row(result, criterion=1):
    return next(item for item in result.breakdown["criteria"] if item["criterion"] == criterion)


# Expert scores ------------------------------------------------------------------------------------------------------

# Three experts score two entries A (10) and B (11). Expert 1 sees a large gap (A 10, B 1); experts 2 and 3 a small
# one the other way (A 5, B 6). Raw means: A (10 + 5 + 5) / 3 = 6.6667, B (1 + 6 + 6) / 3 = 4.3333: A is ahead.
SMALL_PANEL = [(10, 1, 1, 10), (11, 1, 1, 1), (10, 2, 1, 5), (11, 2, 1, 6), (10, 3, 1, 5), (11, 3, 1, 6)]


def test_a_small_panel_counts_raw_scores_and_keeps_their_order():
    # Every expert scored 2 entries < 5: raw. A = 6.6667 × 10 = 66.6667, B = 4.3333 × 10 = 43.3333.
    outcome = compute(inputs(SMALL_PANEL))
    results = by_entry(outcome)
    assert (results[10].total, results[11].total) == (D("66.6667"), D("43.3333"))
    assert (results[10].rank, results[11].rank) == (1, 2)
    a = row(results[10])
    assert a["raw"] == a["normalised"] == [10.0, 5.0, 5.0] and a["z"] == [None, None, None]
    assert results[10].breakdown["experts"] == [
        {"expert": expert, "entries": 2, "standardise_from": 5, "treatment": "raw"} for expert in (1, 2, 3)
    ]
    assert outcome.summary["standardise_from"] == 5
    assert outcome.summary["expert_treatment"] == {str(e): {"entries": 2, "treatment": "raw"} for e in (1, 2, 3)}


def test_standardising_the_same_small_panel_would_reverse_the_raw_order():
    # The former method, as when the minimum is 2: each expert's two scores become z = ±1, the gaps are lost.
    # mean_all = 33 / 6 = 5.5; squared deviations 20.25 × 2 + 0.25 × 4 = 41.5, sd_all = √(41.5 / 6).
    # A: expert 1 z = +1, experts 2 and 3 z = −1 → mean 5.5 − sd_all / 3; B: 5.5 + sd_all / 3. B overtakes A.
    results = by_entry(compute(inputs(SMALL_PANEL, standardise_from=2)))
    sd_all = math.sqrt(41.5 / 6)
    assert results[10].total == D(format((5.5 - sd_all / 3) * 10, ".4f")) == D("46.2335")
    assert results[11].total == D("63.7665")
    assert (results[11].rank, results[10].rank) == (1, 2)
    assert row(results[10])["z"] == [1.0, -1.0, -1.0]
    assert {item["treatment"] for item in results[10].breakdown["experts"]} == {"standardised"}


def test_a_large_panel_is_standardised_against_hand_worked_values():
    # Two experts score the same five entries 1–5: expert 1 gives 2, 4, 6, 8, 10 (mean 6, sd √8), expert 2 gives
    # 5, 6, 7, 8, 9 (mean 7, sd √2). Both have z = −√2, −1/√2, 0, 1/√2, √2 for entries 1–5.
    # All ten scores: mean_all = 65 / 10 = 6.5; squared deviations sum to 52.5, sd_all = √5.25.
    # Each entry's two scores are equal: 6.5 + √5.25 × z → 6.5 − √10.5, 6.5 − √2.625, 6.5, 6.5 + √2.625, 6.5 + √10.5
    # = 3.2596, 4.8798, 6.5, 8.1202, 9.7404; totals × 10 (raw means would give 35, 50, 65, 80, 95).
    scores = [(e, 1, 1, x) for e, x in zip(range(1, 6), (2, 4, 6, 8, 10), strict=True)]
    scores += [(e, 2, 1, x) for e, x in zip(range(1, 6), (5, 6, 7, 8, 9), strict=True)]
    outcome = compute(inputs(scores))
    results = by_entry(outcome)
    assert [results[e].total for e in range(1, 6)] == [
        D("32.5963"),  # (6.5 − 3.24037) × 10
        D("48.7981"),  # (6.5 − 1.62019) × 10
        D("65.0000"),
        D("81.2019"),
        D("97.4037"),
    ]
    assert row(results[1])["z"] == [round(-math.sqrt(2), 4)] * 2
    assert row(results[1])["normalised"] == [round(6.5 - math.sqrt(10.5), 4)] * 2
    assert results[1].breakdown["experts"] == [
        {"expert": expert, "entries": 5, "standardise_from": 5, "treatment": "standardised"} for expert in (1, 2)
    ]
    assert outcome.summary["criteria"]["1"] == {"scores": 10, "mean": 6.5, "sd": round(math.sqrt(5.25), 4)}


def test_a_mixed_panel_standardises_only_the_expert_with_enough_entries():
    # Expert 1 scores entries 1–5 with 2, 4, 6, 8, 10 (5 entries: standardised, mean 6, sd √8); expert 2 scores
    # entry 1 with 9 and entry 2 with 3 (2 entries: raw). All seven scores: mean_all 42 / 7 = 6, squared deviations
    # 16 + 4 + 0 + 4 + 16 + 9 + 9 = 58, sd_all = √(58/7). Expert 1: 6 + √(58/7) × z = 6 − √(116/7) = 1.9292,
    # 6 − √(29/7) = 3.9646, 6, 8.0354, and 6 + √(116/7) = 10.0708 clipped to 10.
    # Entry 1: (1.9292 + 9) / 2 = 5.4646 → 54.6460; entry 2: (3.9646 + 3) / 2 = 3.4823 → 34.8230.
    scores = [(e, 1, 1, x) for e, x in zip(range(1, 6), (2, 4, 6, 8, 10), strict=True)]
    scores += [(1, 2, 1, 9), (2, 2, 1, 3)]
    outcome = compute(inputs(scores))
    results = by_entry(outcome)
    assert [results[e].total for e in range(1, 6)] == [
        D("54.6460"),
        D("34.8230"),
        D("60.0000"),
        D("80.3540"),
        D("100.0000"),
    ]
    first = row(results[1])
    assert first["raw"] == [2.0, 9.0] and first["z"] == [round(-math.sqrt(2), 4), None]
    assert first["normalised"] == [round(6 - math.sqrt(116 / 7), 4), 9.0]
    assert row(results[5])["normalised"] == [10.0]
    assert results[1].breakdown["experts"] == [
        {"expert": 1, "entries": 5, "standardise_from": 5, "treatment": "standardised"},
        {"expert": 2, "entries": 2, "standardise_from": 5, "treatment": "raw"},
    ]
    assert results[3].breakdown["experts"] == [results[1].breakdown["experts"][0]]
    assert outcome.summary["expert_treatment"] == {
        "1": {"entries": 5, "treatment": "standardised"},
        "2": {"entries": 2, "treatment": "raw"},
    }


# Indicator criteria -------------------------------------------------------------------------------------------------


def test_indicator_claims_are_scaled_against_the_rubrics_range():
    # Criterion 2: higher is better, weight 60, maximum 100, range 100–300. Criterion 3: lower is better, weight 40,
    # maximum 50, range 0.5–1.5.
    criteria = [
        CriterionSpec(2, "indicator", D(60), D(100), higher_is_better=True, floor=D(100), ceiling=D(300)),
        CriterionSpec(3, "indicator", D(40), D(50), higher_is_better=False, floor=D("0.5"), ceiling=D("1.5")),
    ]
    entries = [EntrySpec(pk, 1, None) for pk in (10, 11, 12, 13)]
    claims = [(10, 2, D(150)), (10, 3, D("0.75")), (11, 2, D(350)), (11, 3, D(2)), (12, 2, D(80)), (12, 3, D("0.4"))]
    outcome = compute(inputs(criteria=criteria, entries=entries, claims=claims))
    results = by_entry(outcome)
    # Entry 10: (150 − 100) / 200 = 0.25 → 25 → 25/100 × 60 = 15; (1.5 − 0.75) / 1 = 0.75 → 37.5 → 30. Total 45.
    assert (row(results[10], 2)["score"], row(results[10], 3)["score"]) == (25.0, 37.5)
    assert results[10].indicator_score == D("45.0000")
    # Entry 11: 350 is above the ceiling → 100 → 60; 2 is above the ceiling where lower is better → 0. Total 60.
    assert (row(results[11], 2)["score"], row(results[11], 3)["score"]) == (100.0, 0.0)
    assert results[11].total == D("60.0000")
    # Entry 12: 80 is below the floor → 0; 0.4 is below the floor where lower is better → 50 → 40. Total 40.
    assert results[12].total == D("40.0000")
    # Entry 13 claims nothing: 0.
    assert results[13].total == D("0.0000") and row(results[13], 2)["claim"] is None
    assert {key: row(results[10], 2)[key] for key in ("source", "floor", "ceiling", "reference_year")} == {
        "source": "range",
        "floor": "100",
        "ceiling": "300",
        "reference_year": None,
    }
    assert outcome.summary["indicator_references"]["3"] == {
        "source": "range",
        "floor": "0.5",
        "ceiling": "1.5",
        "year": None,
        "observations": None,
        "values": [],
        "claims": 3,
    }


NATIONAL_VALUES = [D(160), D(5), D(40), D(10), D(80), D(20)]  # in no particular order


def test_without_a_range_claims_are_scaled_against_the_national_distribution():
    # Six national observations, ascending 5, 10, 20, 40, 80, 160. The 10th percentile sits at position
    # (6 − 1) × 0.1 = 0.5: 5 + 0.5 × (10 − 5) = 7.5; the 90th at 4.5: 80 + 0.5 × (160 − 80) = 120.
    # Claims: 30 → (30 − 7.5) / 112.5 = 0.2 → 20; 63.75 → 0.5 → 50; 200 → above the ceiling → 100.
    criteria = [CriterionSpec(2, "indicator", D(100), D(100))]
    entries = [EntrySpec(pk, 1, None) for pk in (10, 11, 12)]
    claims = [(10, 2, D(30)), (11, 2, D("63.75")), (12, 2, D(200))]
    outcome = compute(
        inputs(criteria=criteria, entries=entries, claims=claims, national={2: NATIONAL_VALUES}, year=2023)
    )
    results = by_entry(outcome)
    assert [results[pk].total for pk in (10, 11, 12)] == [D("20.0000"), D("50.0000"), D("100.0000")]
    assert {key: row(results[10], 2)[key] for key in ("source", "floor", "ceiling", "reference_year")} == {
        "source": "national",
        "floor": "7.5",
        "ceiling": "120",
        "reference_year": 2023,
    }
    assert outcome.summary["indicator_references"]["2"] == {
        "source": "national",
        "floor": "7.5",
        "ceiling": "120",
        "year": 2023,
        "observations": 6,
        "values": ["5", "10", "20", "40", "80", "160"],
        "claims": 3,
    }


def test_a_two_entry_track_is_no_longer_winner_takes_all():
    # Two entries alone in their track claim 30 and 63.75. Against the track's own lowest and highest claim they
    # would get 0 and the maximum; against the national distribution (7.5–120) they get 20 and 50, and against a
    # range of 0–100 set with the rubric 30 and 63.75.
    entries = [EntrySpec(10, 1, None), EntrySpec(11, 1, None)]
    claims = [(10, 2, D(30)), (11, 2, D("63.75"))]
    national = compute(
        inputs(
            criteria=[CriterionSpec(2, "indicator", D(100), D(100))],
            entries=entries,
            claims=claims,
            national={2: NATIONAL_VALUES},
            year=2023,
        )
    )
    assert [r.total for r in sorted(national.results, key=lambda r: r.entry_id)] == [D("20.0000"), D("50.0000")]
    ranged = compute(
        inputs(
            criteria=[CriterionSpec(2, "indicator", D(100), D(100), floor=D(0), ceiling=D(100))],
            entries=entries,
            claims=claims,
        )
    )
    assert [r.total for r in sorted(ranged.results, key=lambda r: r.entry_id)] == [D("30.0000"), D("63.7500")]


def test_without_a_range_or_enough_differing_observations_every_claimant_gets_the_maximum():
    # Four observations are too few (fewer than 5); five equal ones have no spread. The entry without a claim: 0.
    entries = [EntrySpec(10, 1, None), EntrySpec(11, 1, None), EntrySpec(12, 1, None)]
    claims = [(10, 2, D(30)), (11, 2, D(60))]
    criteria = [CriterionSpec(2, "indicator", D(100), D(100))]
    for values in ([D(1), D(2), D(3), D(4)], [D(7)] * 5, []):
        outcome = compute(inputs(criteria=criteria, entries=entries, claims=claims, national={2: values}, year=2023))
        results = by_entry(outcome)
        assert [results[pk].total for pk in (10, 11, 12)] == [D("100.0000"), D("100.0000"), D("0.0000")]
        reference = outcome.summary["indicator_references"]["2"]
        assert (reference["source"], reference["floor"], reference["observations"]) == ("none", None, len(values))


# Reproducibility ----------------------------------------------------------------------------------------------------


def test_the_digest_covers_the_threshold_the_ranges_and_the_national_observations():
    criteria = [CriterionSpec(1, "expert", D(60), D(10)), CriterionSpec(2, "indicator", D(40), D(100))]
    claims = [(10, 2, D(30))]
    base_inputs = inputs(SMALL_PANEL, criteria=criteria, claims=claims, national={2: NATIONAL_VALUES}, year=2023)
    base = digest(base_inputs)
    again = inputs(SMALL_PANEL, criteria=criteria, claims=claims, national={2: list(reversed(NATIONAL_VALUES))})
    again.reference_year = 2023
    assert digest(again) == base  # the order of the observations does not matter
    assert (
        digest(
            inputs(
                SMALL_PANEL,
                criteria=criteria,
                claims=claims,
                national={2: NATIONAL_VALUES},
                year=2023,
                standardise_from=3,
            )
        )
        != base
    )
    assert (
        digest(inputs(SMALL_PANEL, criteria=criteria, claims=claims, national={2: NATIONAL_VALUES}, year=2022)) != base
    )
    changed = [*NATIONAL_VALUES[:-1], D(21)]
    assert digest(inputs(SMALL_PANEL, criteria=criteria, claims=claims, national={2: changed}, year=2023)) != base
    ranged = [criteria[0], CriterionSpec(2, "indicator", D(40), D(100), floor=D(0), ceiling=D(100))]
    with_range = digest(inputs(SMALL_PANEL, criteria=ranged, claims=claims))
    ranged[1] = CriterionSpec(2, "indicator", D(40), D(100), floor=D(0), ceiling=D(101))
    assert with_range != digest(inputs(SMALL_PANEL, criteria=ranged, claims=claims)) != base
    # The same inputs twice: the same digest and the same results, breakdowns and summary.
    first, second = (
        compute(base_inputs),
        compute(inputs(SMALL_PANEL, criteria=criteria, claims=claims, national={2: NATIONAL_VALUES}, year=2023)),
    )
    assert first.digest == second.digest == base
    assert [vars(r) for r in first.results] == [vars(r) for r in second.results] and first.summary == second.summary


# Runs on the database -----------------------------------------------------------------------------------------------


def panel_round(world, *, standardise_from=5, rubric=None, name="小评审组竞赛"):
    """Three experts each score the same two entries A and B (the small panel above, on a scale of 10 with weight
    60), and a revenue indicator of weight 40 without a range. A claims 30, B 63.75."""
    round_ = make_round(
        by=world.ministry,
        name=name,
        rubric=rubric or [expert_criterion("协作", 60, max_score=10), indicator_criterion("营业收入", 40, "revenue")],
        standardise_from=standardise_from,
    )
    expert_c, revenue = criteria_of(round_)
    panel = experts(3)
    a = add_entry(round_, claims={revenue: 30})
    b = add_entry(round_, claims={revenue: "63.75"})
    for expert, (x, y) in zip(panel, [(10, 1), (5, 6), (5, 6)], strict=True):
        add_review(a, expert, {expert_c: x})
        add_review(b, expert, {expert_c: y})
    return round_, (a, b), panel


def national_observations(*, year=2023, values=NATIONAL_VALUES, code="revenue"):
    for value in values:
        ObservationFactory(cluster=ClusterFactory(), indicator=indicator(code), year=year, value=value)


def test_a_run_reads_the_national_observations_of_the_year_before_the_competition(world):
    national_observations()  # 2023: 7.5–120
    national_observations(year=2024, values=[D(1000)] * 6)  # another year: ignored
    round_, (a, b), panel = panel_round(world)
    run = run_now(round_, by=world.ministry)
    assert run.status == EvaluationRun.Status.SUCCEEDED, run.message
    results = {r.submission_id: r for r in Result.objects.filter(run=run)}
    # Raw expert scores (2 entries each < 5): A 6.6667 / 10 × 60 = 40; B 4.3333 / 10 × 60 = 26. Revenue against
    # 7.5–120: A 30 → 20 → 8; B 63.75 → 50 → 20. Totals: A 48, B 46.
    assert (results[a.pk].expert_score, results[a.pk].indicator_score) == (D("40.0000"), D("8.0000"))
    assert (results[b.pk].expert_score, results[b.pk].indicator_score) == (D("26.0000"), D("20.0000"))
    assert (results[a.pk].total, results[b.pk].total) == (D("48.0000"), D("46.0000"))
    revenue = criteria_of(round_)[1]
    reference = run.summary["indicator_references"][str(revenue.pk)]
    assert (reference["source"], reference["year"], reference["floor"], reference["ceiling"]) == (
        "national",
        2023,
        "7.5",
        "120",
    )
    assert reference["values"] == ["5", "10", "20", "40", "80", "160"]
    assert run.summary["expert_treatment"] == {str(e.pk): {"entries": 2, "treatment": "raw"} for e in panel}
    # Unchanged inputs: the same digest and byte-identical results; a changed observation changes the digest.
    again = run_now(round_, by=world.ministry)
    columns = ("submission_id", "expert_score", "indicator_score", "total", "rank", "advanced", "breakdown")
    assert again.digest == run.digest and again.summary == run.summary
    assert [
        list(Result.objects.filter(run=r).order_by("submission_id").values_list(*columns)) for r in (run, again)
    ] == [list(Result.objects.filter(run=run).order_by("submission_id").values_list(*columns))] * 2
    ObservationFactory(cluster=ClusterFactory(), indicator=indicator("revenue"), year=2023, value=D(300))
    assert run_now(round_, by=world.ministry).digest != run.digest


def test_the_round_setting_and_the_rubrics_range_change_the_result_and_the_digest(world):
    round_, (a, b), _panel = panel_round(world)
    raw = run_now(round_, by=world.ministry)
    competition_services.round_update(round=round_, by=world.ministry, standardise_from=2)
    standardised = run_now(round_, by=world.ministry)
    assert standardised.digest != raw.digest
    totals = dict(Result.objects.filter(run=standardised).values_list("submission_id", "expert_score"))
    # The former z-scores: A (5.5 − sd_all / 3) / 10 × 60 = 27.7401, B 38.2599; B now ahead on the expert part.
    assert (totals[a.pk], totals[b.pk]) == (D("27.7401"), D("38.2599"))
    Round._base_manager.filter(pk=round_.pk).update(standardise_from=5)
    Criterion._base_manager.filter(round=round_, kind="indicator").update(floor=0, ceiling=100)
    ranged = run_now(round_, by=world.ministry)
    results = {r.submission_id: r for r in Result.objects.filter(run=ranged)}
    # Revenue against 0–100: A 30 → 12, B 63.75 → 25.5.
    assert (results[a.pk].indicator_score, results[b.pk].indicator_score) == (D("12.0000"), D("25.5000"))
    assert ranged.digest not in {raw.digest, standardised.digest}
    Criterion._base_manager.filter(round=round_, kind="indicator").update(ceiling=120)
    assert run_now(round_, by=world.ministry).digest != ranged.digest


def test_the_result_page_states_each_experts_treatment_and_the_reference(world, page_client_for):
    round_, (a, _b), panel = panel_round(world)
    extra = experts(1)[0]
    # A fourth expert scores five further entries (and A): six entries, standardised.
    expert_c = criteria_of(round_)[0]
    add_review(a, extra, {expert_c: 7})
    for score in (2, 4, 6, 8, 10):
        add_review(add_entry(round_), extra, {expert_c: score})
    run = run_now(round_, by=world.ministry)
    result = Result.objects.get(run=run, submission=a)
    client = page_client_for(world.ministry)
    text = client.get(reverse("evaluation-result-detail", args=[run.pk, result.pk]), **EN).content.decode()
    assert text.count("raw (2 entries &lt; 5)") == 2 * 3  # the list and the scores table, for each of the three
    assert text.count("standardised (6 entries)") == 2
    assert "How each expert&#x27;s scores count" in text or "How each expert's scores count" in text
    assert str(panel[0]) in text and str(extra) in text
    assert "no reference: no range set and too few differing observations in 2023 (0)" in text
    detail = client.get(reverse("evaluation-run-detail", args=[run.pk]), **EN).content.decode()
    assert 'id="unreferenced"' in detail and "1 experts standardised, 3 with raw scores" in detail
    assert "method 2" in detail


def test_the_result_page_states_the_national_reference(world, page_client_for):
    national_observations()
    round_, (a, _b), _panel = panel_round(world)
    run = run_now(round_, by=world.ministry)
    result = Result.objects.get(run=run, submission=a)
    client = page_client_for(world.ministry)
    text = client.get(reverse("evaluation-result-detail", args=[run.pk, result.pk]), **EN).content.decode()
    assert (
        "national distribution of 2023 (6 observations): floor 7.5 (10th percentile), ceiling 120 (90th percentile)"
        in text
    )
    detail = client.get(reverse("evaluation-run-detail", args=[run.pk]), **EN).content.decode()
    assert 'id="unreferenced"' not in detail


# The settings: service, page and API ------------------------------------------------------------------------------


def test_the_rubric_takes_a_range_for_indicator_criteria_only(world, client_for):
    round_ = make_round(by=world.ministry, name="区间竞赛")
    client = client_for(world.ministry)
    url = reverse("api:round-rubric", args=[round_.pk])
    expert = {"name": "协作", "kind": "expert", "weight": 60, "max_score": 10, "dimension": "division_of_labour"}
    revenue = {"name": "营业收入", "kind": "indicator", "weight": 40, "indicator": "revenue"}
    revenue["dimension"] = "resource_endowment"
    before = list(Criterion.objects.filter(round=round_).values_list("pk", "floor", "ceiling"))
    for bad in (
        [{**expert, "floor": 1, "ceiling": 5}, revenue],  # an expert criterion with a range
        [expert, {**revenue, "floor": 100}],  # a floor without a ceiling
        [expert, {**revenue, "floor": 100, "ceiling": 100}],  # the ceiling not above the floor
    ):
        response = client.put(url, {"criteria": bad}, format="json", **EN)
        assert response.status_code == 400, response.content
        assert "criteria" in response.json()["error"]["fields"]
    assert list(Criterion.objects.filter(round=round_).values_list("pk", "floor", "ceiling")) == before
    response = client.put(url, {"criteria": [expert, {**revenue, "floor": "100.5", "ceiling": 300}]}, format="json")
    assert response.status_code == 200, response.content
    assert [(row["floor"], row["ceiling"]) for row in response.json()] == [(None, None), (100.5, 300.0)]
    assert list(Criterion.objects.filter(round=round_, kind="indicator").values_list("floor", "ceiling")) == [
        (D("100.5"), D(300))
    ]


def test_the_rubric_page_saves_a_range(world, page_client_for):
    round_ = make_round(by=world.ministry, name="区间页竞赛")
    client = page_client_for(world.ministry)
    page = client.get(reverse("rubric-edit", args=[round_.pk]), **EN).content.decode()
    assert "Range floor" in page and 'name="criteria-1-ceiling"' in page
    data = {"criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "2", "criteria-MIN_NUM_FORMS": "0"}
    data["criteria-MAX_NUM_FORMS"] = "1000"
    for index, criterion in enumerate(criteria_of(round_)):
        data |= {
            f"criteria-{index}-id": criterion.pk,
            f"criteria-{index}-name": criterion.name,
            f"criteria-{index}-kind": criterion.kind,
            f"criteria-{index}-weight": criterion.weight,
            f"criteria-{index}-max_score": criterion.max_score,
            f"criteria-{index}-indicator": criterion.indicator.code if criterion.indicator else "",
            f"criteria-{index}-dimension": criterion.dimension,
        }
    data |= {"criteria-1-floor": "500", "criteria-1-ceiling": "200"}
    response = client.post(reverse("rubric-edit", args=[round_.pk]), data, **EN)
    assert response.status_code == 400 and "the ceiling of the range is above its floor" in response.content.decode()
    assert Criterion.objects.get(round=round_, kind="indicator").floor is None
    data |= {"criteria-1-floor": "200", "criteria-1-ceiling": "500"}
    assert client.post(reverse("rubric-edit", args=[round_.pk]), data).status_code == 302
    criterion = Criterion.objects.get(round=round_, kind="indicator")
    assert (criterion.floor, criterion.ceiling) == (D(200), D(500))
    detail = client.get(reverse("competition-detail", args=[round_.competition_id]), **EN).content.decode()
    assert "200 – 500" in detail and "experts who scored at least 5 entries are standardised" in detail


def test_the_standardisation_minimum_is_a_round_setting_in_the_api_and_the_form(world, client_for, page_client_for):
    round_ = make_round(by=world.ministry, name="标准化竞赛")
    client = client_for(world.ministry)
    url = reverse("api:round-detail", args=[round_.pk])
    assert client.get(url).json()["standardise_from"] == 5
    response = client.patch(url, {"standardise_from": 1}, format="json")
    assert response.status_code == 400 and "standardise_from" in response.json()["error"]["fields"]
    assert Round.objects.get(pk=round_.pk).standardise_from == 5
    response = client.patch(url, {"standardise_from": 3}, format="json")
    assert response.status_code == 200 and response.json()["standardise_from"] == 3
    assert Round.objects.get(pk=round_.pk).history.first().standardise_from == 3
    page = page_client_for(world.ministry)
    form = page.get(reverse("round-edit", args=[round_.pk]), **EN).content.decode()
    assert 'name="standardise_from"' in form and 'value="3"' in form
    with pytest.raises(ValidationError) as refused:
        competition_services.round_update(round=round_, by=world.ministry, standardise_from=1)
    assert "standardise_from" in refused.value.message_dict
    assert Round.objects.get(pk=round_.pk).standardise_from == 3
