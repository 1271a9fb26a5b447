"""Evaluation runs: the method against values worked out by hand (the z-score formula of standardised experts,
trimmed mean, ties, both advancement rules; small panels and indicator scaling are in test_scoring_method.py),
which reviews count, reproducibility and idempotency of a run, constant query counts, starting a run (refusals
change nothing), and the pages and API of the ministry."""

import math
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.models import Assignment, EvaluationRun, Result, Review, Round
from evaluations.runs import services as run_services
from evaluations.runs.execution import execute_run
from evaluations.runs.scoring import CriterionSpec, EntrySpec, RunDataError, RunInputs, compute, digest
from tenancy.errors import Refusal

from .builders.exports import export, workbook
from .builders.runs import (
    add_entry,
    add_review,
    criteria_of,
    evaluated,
    expert_criterion,
    experts,
    indicator_criterion,
    make_round,
    run_now,
)
from .conftest import count_queries

pytestmark = pytest.mark.django_db

D = Decimal


def inputs(
    scores, *, criteria=None, entries=None, claims=(), rule="top_n", top_n=1, threshold=None, standardise_from=5
):
    criteria = criteria or [CriterionSpec(1, "expert", D(100), D(10))]
    entry_ids = sorted({entry for entry, *_rest in scores})
    entries = entries or [EntrySpec(entry_id, 1, None) for entry_id in entry_ids]
    return RunInputs.from_scores(
        scores=scores,
        round_id=1,
        rule=rule,
        top_n=top_n,
        threshold=threshold,
        criteria=criteria,
        entries=entries,
        claims=list(claims),
        standardise_from=standardise_from,
    )


def by_entry(outcome):
    return {result.entry_id: result for result in outcome.results}


def expert_row(result, criterion=1):
    return next(row for row in result.breakdown["criteria"] if row["criterion"] == criterion)


# The method, against hand-worked numbers -----------------------------------------------------------------------


def test_z_score_normalisation_against_hand_worked_values():
    # Each expert scored 3 entries; with a minimum of 3 both are standardised.
    # Expert 1 scores A, B, C = 6, 8, 10 (mean 8, sd √(8/3)); expert 2 scores 5, 5, 8 (mean 6, sd √2).
    # All six scores: mean_all 7, sd_all √(20/6) = √(10/3).
    # E1: z = −√1.5, 0, √1.5 → 7 − √5, 7, 7 + √5.  E2: z = −1/√2, −1/√2, √2 → 7 − √(5/3), 7 − √(5/3), 7 + √(20/3).
    outcome = compute(
        inputs(
            [(10, 1, 1, 6), (11, 1, 1, 8), (12, 1, 1, 10), (10, 2, 1, 5), (11, 2, 1, 5), (12, 2, 1, 8)],
            standardise_from=3,
        )
    )
    results = by_entry(outcome)
    a, b, c = (expert_row(results[pk]) for pk in (10, 11, 12))
    assert a["experts"] == [1, 2] and a["raw"] == [6.0, 5.0]
    assert a["z"] == [round(-math.sqrt(1.5), 4), round(-1 / math.sqrt(2), 4)]
    assert a["normalised"] == [round(7 - math.sqrt(5), 4), round(7 - math.sqrt(5 / 3), 4)]
    assert b["normalised"] == [7.0, round(7 - math.sqrt(5 / 3), 4)]
    assert c["normalised"] == [round(7 + math.sqrt(5), 4), round(7 + math.sqrt(20 / 3), 4)]
    # Fewer than 5 scores: the plain mean. Weight 100 on a scale of 10: the contribution is ten times the mean.
    assert a["trimmed_low"] is None and a["trimmed_high"] is None
    assert a["trimmed_mean"] == round((14 - math.sqrt(5) - math.sqrt(5 / 3)) / 2, 4) == 5.2365
    assert results[12].total == D("94.0903")
    assert [results[pk].rank for pk in (12, 11, 10)] == [1, 2, 3]
    assert outcome.summary["criteria"]["1"] == {"scores": 6, "mean": 7.0, "sd": round(math.sqrt(10 / 3), 4)}
    assert outcome.summary["expert_stats"]["2"]["1"] == [3, 6.0, round(math.sqrt(2), 4)]


def test_trimmed_mean_drops_the_single_highest_and_lowest_from_five_scores():
    # Five experts score A and B: (9, 7), (8, 6), (5, 5), (4, 6), (10, 2). mean_all 6.2, sd_all √5.16.
    # Each expert scored two entries; standardised from 2, so z is ±1 (0 for expert 3, who gave both 5).
    scores = [(10, 1, 1, 9), (11, 1, 1, 7), (10, 2, 1, 8), (11, 2, 1, 6), (10, 3, 1, 5), (11, 3, 1, 5)]
    scores += [(10, 4, 1, 4), (11, 4, 1, 6), (10, 5, 1, 10), (11, 5, 1, 2)]
    results = by_entry(compute(inputs(scores, standardise_from=2)))
    sd = math.sqrt(5.16)
    a, b = expert_row(results[10]), expert_row(results[11])
    assert a["normalised"] == [round(6.2 + sd, 4)] * 2 + [6.2, round(6.2 - sd, 4), round(6.2 + sd, 4)]
    # A: the lowest (expert 4) and, of three equal highest, the largest expert id (5) are dropped.
    assert (a["trimmed_low"], a["trimmed_high"]) == (4, 5)
    assert a["trimmed_mean"] == round((6.2 + 2 * (6.2 + sd)) / 3, 4) == 7.7144
    # B: of three equal lowest, the smallest expert id (1) is dropped, and the highest (expert 4).
    assert (b["trimmed_low"], b["trimmed_high"]) == (1, 4)
    assert b["trimmed_mean"] == round((2 * (6.2 - sd) + 6.2) / 3, 4) == 4.6856
    assert results[10].expert_score == D("77.1438") and results[11].expert_score == D("46.8562")


def test_an_expert_below_the_minimum_counts_raw_and_one_score_value_says_nothing_about_the_differences():
    # Standardised from 2 entries. Expert 1 scored only entry A: raw, their 9 counts as given. Expert 2 gave A and B
    # the same 7: standardised with sd_e = 0, z = 0, so their scores become mean_all = (9 + 7 + 7 + 4 + 8) / 5 = 7.
    # Expert 3 scores A 4 and B 8: z = −1, +1.
    scores = [(10, 1, 1, 9), (10, 2, 1, 7), (11, 2, 1, 7), (10, 3, 1, 4), (11, 3, 1, 8)]
    results = by_entry(compute(inputs(scores, standardise_from=2)))
    sd_all = math.sqrt((4 + 0 + 0 + 9 + 1) / 5)
    assert expert_row(results[10])["z"] == [None, 0.0, -1.0]
    assert expert_row(results[10])["normalised"] == [9.0, 7.0, round(7 - sd_all, 4)]
    assert expert_row(results[11])["normalised"] == [7.0, round(7 + sd_all, 4)]


def test_normalised_scores_are_clipped_to_the_criterion_scale():
    # Expert 1: 0, 0, 10 → z for the 10 is √2; sd_all large enough to push 7-ish + sd_all·√2 above 10.
    scores = [(10, 1, 1, 0), (11, 1, 1, 0), (12, 1, 1, 10), (10, 2, 1, 10), (11, 2, 1, 10), (12, 2, 1, 9)]
    results = by_entry(compute(inputs(scores)))
    assert max(expert_row(results[12])["normalised"]) == 10.0
    assert min(expert_row(results[10])["normalised"]) >= 0.0


def test_ties_are_broken_by_expert_score_then_indicator_then_first_submission_then_id():
    early, late = timezone.now() - timedelta(days=3), timezone.now() - timedelta(days=1)
    criteria = [
        CriterionSpec(1, "expert", D(50), D(10)),
        CriterionSpec(2, "indicator", D(50), D(100), floor=D(0), ceiling=D(20)),
    ]
    # The expert gives every entry the same score: a tie on the expert part; indicator claims (range 0–20) decide
    # between 10/11 and 12/13; 12 and 13 tie on everything but the submission time;
    # 14 and 15 tie on everything, even the time: the lower id wins.
    entries = [
        EntrySpec(10, 1, late),
        EntrySpec(11, 1, late),
        EntrySpec(12, 1, late),
        EntrySpec(13, 1, early),
        EntrySpec(14, 1, early),
        EntrySpec(15, 1, early),
    ]
    claims = [(10, 2, D(10)), (11, 2, D(20)), (12, 2, D(0)), (13, 2, D(0)), (14, 2, D(0)), (15, 2, D(0))]
    scores = [(pk, 1, 1, 5) for pk in range(10, 16)]
    results = by_entry(compute(inputs(scores, criteria=criteria, entries=entries, claims=claims, top_n=3)))
    assert [pk for pk, _ in sorted(((pk, r.rank) for pk, r in results.items()), key=lambda x: x[1])] == [
        11,
        10,
        13,
        14,
        15,
        12,
    ]
    assert results[14].total == results[15].total == results[12].total
    assert [results[pk].advanced for pk in (11, 10, 13, 14)] == [True, True, True, False]


def test_ties_on_the_total_go_to_the_higher_expert_score():
    criteria = [
        CriterionSpec(1, "expert", D(50), D(10)),
        CriterionSpec(2, "indicator", D(50), D(100), floor=D(0), ceiling=D(100)),
    ]
    entries = [EntrySpec(pk, 1, None) for pk in (10, 11, 12, 13)]
    # One expert scores 10 and 11 with 6 and 4 (two entries: raw). Claims 40, 60, 0, 100 (range 0–100).
    # Totals: 10 = 30 + 20, 11 = 20 + 30, 13 = 0 + 50: all 50.
    claims = [(10, 2, D(40)), (11, 2, D(60)), (12, 2, D(0)), (13, 2, D(100))]
    results = by_entry(
        compute(inputs([(10, 1, 1, 6), (11, 1, 1, 4)], criteria=criteria, entries=entries, claims=claims))
    )
    assert {results[pk].total for pk in (10, 11, 13)} == {D("50.0000")}
    assert [results[pk].expert_score for pk in (10, 11, 13)] == [D("30.0000"), D("20.0000"), D("0.0000")]
    assert [results[pk].rank for pk in (10, 11, 13, 12)] == [1, 2, 3, 4]


def test_advancement_by_top_n_per_track_and_by_threshold():
    entries = [EntrySpec(10, 1, None), EntrySpec(11, 1, None), EntrySpec(12, 2, None), EntrySpec(13, 2, None)]
    scores = [(10, 1, 1, 9), (11, 1, 1, 3), (12, 1, 1, 6), (13, 1, 1, 8)]
    top = by_entry(compute(inputs(scores, entries=entries, top_n=1)))
    assert {pk for pk, r in top.items() if r.advanced} == {10, 13}  # the first of each track
    assert (top[10].rank, top[11].rank, top[13].rank, top[12].rank) == (1, 2, 1, 2)
    # Expert 1 scored four entries (raw, fewer than 5): totals 90/30/60/80.
    assert [top[pk].total for pk in (10, 11, 12, 13)] == [D("90.0000"), D("30.0000"), D("60.0000"), D("80.0000")]
    threshold = by_entry(compute(inputs(scores, entries=entries, rule="threshold", top_n=None, threshold=D(60))))
    assert {pk for pk, r in threshold.items() if r.advanced} == {10, 12, 13}  # 60 reaches a threshold of 60


def test_inputs_the_engine_cannot_evaluate_fail_with_a_reason():
    with pytest.raises(RunDataError):
        compute(inputs([], entries=[EntrySpec(10, 1, None)], top_n=None))
    with pytest.raises(RunDataError):
        compute(inputs([], entries=[EntrySpec(10, 1, None)], rule="threshold", top_n=None))
    with pytest.raises(RunDataError):
        compute(RunInputs(round_id=1, rule="top_n", top_n=1, threshold=None, criteria=[], entries=[]))


def test_the_digest_covers_every_input_and_ignores_their_order():
    scores = [(10, 1, 1, 6), (11, 1, 1, 8), (10, 2, 1, 5), (11, 2, 1, "5.25")]
    base = digest(inputs(scores))
    assert base == digest(inputs(list(reversed(scores))))
    assert base != digest(inputs([*scores[:3], (11, 2, 1, "5.26")]))  # a score
    assert base != digest(inputs(scores, top_n=2))  # the rule
    assert base != digest(inputs(scores, criteria=[CriterionSpec(1, "expert", D(100), D(20))]))  # the rubric
    assert base != digest(inputs(scores, claims=[(10, 1, D(1))]))  # a claim


# Runs on the database ---------------------------------------------------------------------------------------------


def hand_worked_round(world):
    """The z-score example of the first test on real rows (each expert scored 3 entries, fewer than the default
    minimum of 5: raw scores count), plus rows that must not count: a draft review, a recused expert's review, an
    entry that is not eligible."""
    round_ = make_round(by=world.ministry, rubric=[expert_criterion("协作", 100, max_score=10)], top_n=1)
    (criterion,) = criteria_of(round_)
    first, second, outsider, recused = experts(4)
    a, b, c = (add_entry(round_) for _ in range(3))
    for entry, x, y in ((a, 6, 5), (b, 8, 5), (c, 10, 8)):
        add_review(entry, first, {criterion: x})
        add_review(entry, second, {criterion: y})
    add_review(a, outsider, {criterion: 0}, status=Review.Status.DRAFT)
    add_review(b, recused, {criterion: 0}, assignment=Assignment.Status.RECUSED)
    draft = add_entry(round_, status="endorsed")
    add_review(draft, outsider, {criterion: 10})
    return round_, (a, b, c), (first, second)


def test_a_run_counts_only_submitted_reviews_of_assigned_experts_on_eligible_entries(world):
    round_, (a, b, c), (first, second) = hand_worked_round(world)
    run = run_now(round_, by=world.ministry)
    assert run.status == EvaluationRun.Status.SUCCEEDED, run.message
    assert (run.progress, run.summary["entries"], run.summary["scores"], run.summary["experts"]) == (100, 3, 6, 2)
    results = {r.submission_id: r for r in Result.objects.filter(run=run)}
    assert set(results) == {a.pk, b.pk, c.pk}
    # Raw means × 10: A (6 + 5) / 2 → 55, B (8 + 5) / 2 → 65, C (10 + 8) / 2 → 90.
    assert results[c.pk].total == D("90.0000") and results[c.pk].rank == 1 and results[c.pk].advanced
    assert results[a.pk].breakdown["criteria"][0]["experts"] == [first.pk, second.pk]
    assert results[a.pk].total == D("55.0000") and results[b.pk].total == D("65.0000")
    assert [item["treatment"] for item in results[a.pk].breakdown["experts"]] == ["raw", "raw"]
    assert [results[pk].advanced for pk in (a.pk, b.pk)] == [False, False]


def test_two_runs_on_unchanged_inputs_have_the_same_digest_and_identical_results(world):
    round_, entries, (first, _second) = hand_worked_round(world)
    one = run_now(round_, by=world.ministry)
    two = run_now(round_, by=world.ministry)
    assert one.pk != two.pk and one.digest == two.digest and len(one.digest) == 64
    columns = ("submission_id", "track_id", "expert_score", "indicator_score", "total", "rank", "advanced", "breakdown")
    rows = [list(Result.objects.filter(run=run).order_by("submission_id").values_list(*columns)) for run in (one, two)]
    assert rows[0] == rows[1] and len(rows[0]) == 3
    assert one.summary == two.summary
    # A changed score changes the digest.
    score = Review.objects.get(assignment__expert=first, assignment__submission=entries[0]).scores.get()
    score.score = D("6.5")
    score.save()
    three = run_now(round_, by=world.ministry)
    assert three.digest != one.digest


def test_executing_a_run_twice_or_after_a_crash_leaves_exactly_one_result_per_entry(world):
    round_, entries, _experts = hand_worked_round(world)
    run = run_services.run_start(round=round_, by=world.ministry)
    # What a worker killed half-way may have left: the run running, a stray partial result.
    run.start()
    Result.objects.create(
        run=run,
        submission=entries[0],
        track=entries[0].track,
        expert_score=0,
        indicator_score=0,
        total=0,
        rank=99,
        breakdown={},
    )
    execute_run(run.pk)
    first = list(Result.objects.filter(run=run).order_by("submission_id").values_list("pk", "total", "rank"))
    assert len(first) == 3 and all(rank != 99 for _pk, _total, rank in first)
    run.refresh_from_db()
    assert run.status == EvaluationRun.Status.SUCCEEDED
    execute_run(run.pk)  # delivered again after it succeeded: left alone
    assert list(Result.objects.filter(run=run).order_by("submission_id").values_list("pk", "total", "rank")) == first


def test_a_run_of_a_round_whose_entries_lost_eligibility_fails_with_a_message(world):
    round_, entries, _experts = hand_worked_round(world)
    run = run_services.run_start(round=round_, by=world.ministry)
    from evaluations.models import Submission

    Submission._base_manager.filter(round=round_).update(status="endorsed")
    with translation.override("en"):
        execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == EvaluationRun.Status.FAILED
    assert "no eligible entry" in run.message
    assert not Result.objects.filter(run=run).exists()


def build_scored_round(world, *, entries, experts_count, name):
    round_ = make_round(
        by=world.ministry,
        name=name,
        rubric=[
            expert_criterion("协作", 30, max_score=10),
            expert_criterion("创新", 30, max_score=10),
            indicator_criterion("营业收入", 40, "revenue"),
        ],
        top_n=2,
    )
    collaboration, innovation, revenue = criteria_of(round_)
    panel = experts(experts_count)
    for n in range(entries):
        entry = add_entry(round_, claims={revenue: 100 + n * 10}, field="ngit" if n % 2 else "high_end_equipment")
        for k, expert in enumerate(panel):
            add_review(entry, expert, {collaboration: (n * 3 + k) % 11, innovation: (n + k * 2) % 11})
    return round_


def test_the_queries_of_a_run_do_not_grow_with_the_scores(world):
    small = build_scored_round(world, entries=2, experts_count=1, name="小轮")
    large = build_scored_round(world, entries=12, experts_count=5, name="大轮")
    counts = []
    for round_ in (small, large):
        run = run_services.run_start(round=round_, by=world.ministry)
        counts.append(count_queries(lambda run=run: execute_run(run.pk)))
        run.refresh_from_db()
        assert run.status == EvaluationRun.Status.SUCCEEDED, run.message
    assert counts[0] == counts[1]
    assert Result.objects.filter(run__round=large).count() == 12


# Starting a run ---------------------------------------------------------------------------------------------------


def test_run_start_records_a_queued_run_and_refuses_rounds_it_cannot_evaluate(world):
    round_ = make_round(by=world.ministry, name="空轮")
    with pytest.raises(Refusal) as refused, translation.override("en"):
        run_services.run_start(round=round_, by=world.ministry)
    assert "no eligible entry" in refused.value.message and refused.value.code == "not_ready"
    assert not EvaluationRun.objects.exists()
    add_review(add_entry(round_), experts(1)[0], {criteria_of(round_)[0]: 50})
    Round._base_manager.filter(pk=round_.pk).update(advance_top_n=None)
    with pytest.raises(Refusal) as refused, translation.override("en"):
        run_services.run_start(round=round_, by=world.ministry)
    assert "how many entries advance" in refused.value.message
    Round._base_manager.filter(pk=round_.pk).update(advance_top_n=2)
    run = run_services.run_start(round=round_, by=world.ministry)
    assert (run.status, run.created_by, run.round_id) == (EvaluationRun.Status.QUEUED, world.ministry, round_.pk)
    # A second start while it waits returns the same run.
    assert run_services.run_start(round=round_, by=world.ministry).pk == run.pk
    assert EvaluationRun.objects.count() == 1


def test_the_ministry_starts_a_run_from_the_page_and_follows_it(world, page_client_for):
    round_, _entries, _experts = hand_worked_round(world)
    client = page_client_for(world.ministry)
    page = client.get(reverse("round-evaluate", args=[round_.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Start the run" in page.content.decode()
    response = client.post(reverse("round-evaluate", args=[round_.pk]))
    run = EvaluationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("evaluation-run-detail", args=[run.pk])
    detail = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'hx-get="' + reverse("evaluation-run-progress", args=[run.pk]) in detail
    execute_run(run.pk)
    progress = client.get(reverse("evaluation-run-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "100%" in progress.content.decode()
    detail = client.get(reverse("evaluation-run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "90.00" in detail and "90.0000" not in detail and "How the scores are computed" in detail


def test_a_refused_start_on_the_page_says_why_and_records_nothing(world, page_client_for):
    round_ = make_round(by=world.ministry, name="空轮")
    response = page_client_for(world.ministry).post(
        reverse("round-evaluate", args=[round_.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "The round has no eligible entry to evaluate." in response.content.decode()
    assert not EvaluationRun.objects.exists()


def test_a_ministry_viewer_reads_runs_but_cannot_start_one(world, page_client_for, client_for):
    from tenancy.models import Membership

    from .factories import MembershipFactory, UserFactory

    viewer = MembershipFactory(
        user=UserFactory(username="t-ministry-viewer"), organisation=world.orgs["ministry"], role=Membership.Role.VIEWER
    ).user
    built = evaluated(world)
    assert page_client_for(viewer).get(reverse("evaluation-run-detail", args=[built["run"].pk])).status_code == 200
    assert page_client_for(viewer).post(reverse("round-evaluate", args=[built["round"].pk])).status_code == 403
    response = client_for(viewer).post(reverse("api:evaluation-run-list"), {"round": built["round"].pk}, format="json")
    assert response.status_code == 403


# Result pages, export, comparison ---------------------------------------------------------------------------------


def test_the_explanation_page_shows_every_number(world, page_client_for):
    # Standardised from 2 entries (each expert scored 2), the revenue scaled against a range of 100–300.
    round_ = make_round(
        by=world.ministry,
        rubric=[
            expert_criterion("协作", 60, max_score=10),
            indicator_criterion("营业收入", 40, "revenue", floor=100, ceiling=300),
        ],
        standardise_from=2,
    )
    expert_c, revenue = criteria_of(round_)
    panel = experts(5)
    a = add_entry(round_, claims={revenue: 300})
    b = add_entry(round_, claims={revenue: 100})
    for expert, (x, y) in zip(panel, [(9, 7), (8, 6), (5, 5), (4, 6), (10, 2)], strict=True):
        add_review(a, expert, {expert_c: x})
        add_review(b, expert, {expert_c: y})
    run = run_now(round_, by=world.ministry)
    result = Result.objects.get(run=run, submission=a)
    page = page_client_for(world.ministry).get(
        reverse("evaluation-result-detail", args=[run.pk, result.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert str(panel[3]) in text and "dropped (lowest)" in text and "dropped (highest)" in text
    assert "8.4716" in text and "3.9284" in text  # normalised scores
    assert "7.7144" in text  # the trimmed mean
    assert "46.2863" in text  # its contribution: 7.7144 / 10 × 60
    assert "standardised (2 entries)" in text
    assert "range set with the rubric: floor 100, ceiling 300" in text and "higher is better" in text
    assert result.total == D("86.2863")  # 46.2863 + 40 (a claim of 300 reaches the ceiling)


def test_the_excel_export_holds_the_ranking(world, page_client_for):
    built = evaluated(world)
    _response, job = export(
        page_client_for(world.ministry), "evaluations.run_results", "xlsx", target=built["run"].pk, language="en"
    )
    rows = list(workbook(job)["Results"].iter_rows(values_only=True))
    assert rows[0][:7] == ("Track", "Rank in track", "Cluster", "Entry", "Expert score", "Indicator score", "Total")
    assert {row[2] for row in rows[1:]} == {world.wuxi_cluster.name, world.shenzhen_cluster.name}


def test_comparing_two_runs_shows_whether_the_inputs_were_the_same(world, page_client_for):
    built = evaluated(world)
    again = run_now(built["round"], by=world.ministry)
    client = page_client_for(world.ministry)
    url = reverse("evaluation-run-compare") + f"?a={built['run'].pk}&b={again.pk}"
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Same digest" in text and "0 entries have a different rank" in text


# API --------------------------------------------------------------------------------------------------------------


def test_the_api_starts_a_run_and_pages_its_results(world, client_for):
    round_, _entries, _experts = hand_worked_round(world)
    client = client_for(world.ministry)
    response = client.post(reverse("api:evaluation-run-list"), {"round": round_.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "queued" and body["round"] == round_.pk
    execute_run(body["id"])
    detail = client.get(reverse("api:evaluation-run-detail", args=[body["id"]])).json()
    assert detail["status"] == "succeeded" and len(detail["digest"]) == 64
    results = client.get(detail["results_url"]).json()
    assert results["count"] == 3
    assert [row["rank"] for row in results["results"]] == [1, 2, 3]
    assert results["results"][0]["total"] == "90.0000"
    assert results["results"][0]["breakdown"]["criteria"][0]["kind"] == "expert"


def test_the_api_refuses_a_round_without_eligible_entries_with_a_409(world, client_for):
    round_ = make_round(by=world.ministry, name="空轮")
    response = client_for(world.ministry).post(
        reverse("api:evaluation-run-list"), {"round": round_.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "not_ready",
        "message": "The round has no eligible entry to evaluate.",
    }
    assert not EvaluationRun.objects.exists()


def test_other_roles_see_no_run_in_the_api_list(world, client_for):
    evaluated(world)
    for role in ("jiangsu", "nanjing_body", "expert"):
        assert client_for(world.user(role)).get(reverse("api:evaluation-run-list")).json()["count"] == 0
    assert client_for(world.ministry).get(reverse("api:evaluation-run-list")).json()["count"] == 1


# Query counts of the lists ----------------------------------------------------------------------------------------


def runs_with_results(world, count):
    round_ = build_scored_round(world, entries=count, experts_count=2, name=f"计数{count}")
    runs = [run_now(round_, by=world.ministry) for _ in range(count)]
    return runs[-1]


@pytest.mark.parametrize(
    "route",
    ["evaluation-run-list", "api:evaluation-run-list", "evaluation-run-detail", "api:evaluation-run-results"],
)
def test_list_queries_do_not_grow_with_the_rows(route, world, page_client_for, client_for):
    def url(run):
        if route.endswith("list"):
            return reverse(route)
        return reverse(route, args=[run.pk])

    client = client_for(world.ministry) if route.startswith("api:") else page_client_for(world.ministry)
    one = runs_with_results(world, 1)
    client.get(url(one))  # warm the session and caches
    few = count_queries(lambda: client.get(url(one)))
    many = runs_with_results(world, 6)
    response = client.get(url(many))
    assert response.status_code == 200
    assert count_queries(lambda: client.get(url(many))) == few


def test_the_admin_shows_runs_with_their_results_read_only(world, page_client_for):
    run = evaluated(world)["run"]
    world.ministry.is_staff = world.ministry.is_superuser = True
    world.ministry.save()
    client = page_client_for(world.ministry)
    assert client.get(reverse("admin:evaluations_evaluationrun_changelist")).status_code == 200
    page = client.get(reverse("admin:evaluations_evaluationrun_change", args=[run.pk]))
    assert page.status_code == 200 and run.digest in page.content.decode()
