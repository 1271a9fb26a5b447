"""Executing a recorded evaluation run (the task's work): its inputs loaded in a constant number of queries, the
pure computation (`scoring.compute`), and the results stored in one transaction."""

import time

import numpy as np
from django.db import connection, transaction
from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext as _

from clusters.models import Observation
from evaluations.models import (
    Assignment,
    ClaimedValue,
    Criterion,
    EvaluationRun,
    Result,
    Review,
    ReviewScore,
    Submission,
)
from evaluations.models import Round as CompetitionRound
from evaluations.runs.scoring import CriterionSpec, EntrySpec, Outcome, RunDataError, RunInputs, compute
from evaluations.runs.selectors import expert_names_unscoped, review_exclusions
from tenancy.scoping import unscoped

# Inputs and results ------------------------------------------------------------------------------------------------


def run_inputs_load(*, round_id: int) -> RunInputs:
    """Every input of a run of the round, in a constant number of queries whatever the number of entries and
    scores: the round, its criteria, the national observations of the indicators of criteria without a range (the
    year before the competition's), its eligible entries, their claims, and the scores of submitted reviews of
    assigned experts, less the reviews whose expert is conflicted with the entry's cluster at this moment
    (`selectors.review_exclusions`; they are part of the inputs, `RunInputs.excluded`, so the digest covers them)."""
    rule, top_n, threshold, standardise_from, year = (
        unscoped(CompetitionRound)
        .filter(pk=round_id)
        .values_list("advancement_rule", "advance_top_n", "advance_threshold", "standardise_from", "competition__year")
        .get()
    )
    reference_year = year - 1
    criteria, unranged = [], {}
    for pk, kind, weight, max_score, higher, floor, ceiling, indicator_id in (
        unscoped(Criterion)
        .filter(round_id=round_id)
        .order_by("position", "pk")
        .values_list(
            "pk", "kind", "weight", "max_score", "indicator__higher_is_better", "floor", "ceiling", "indicator_id"
        )
    ):
        criteria.append(
            CriterionSpec(
                id=pk,
                kind=kind,
                weight=weight,
                max_score=max_score,
                higher_is_better=True if higher is None else bool(higher),
                floor=floor,
                ceiling=ceiling,
            )
        )
        if kind == Criterion.Kind.INDICATOR and (floor is None or ceiling is None):
            unranged[indicator_id] = pk
    national = {pk: [] for pk in unranged.values()}
    if unranged:
        for indicator_id, value in (
            unscoped(Observation)
            .filter(indicator_id__in=list(unranged), year=reference_year, status=Observation.Status.VERIFIED)
            .order_by("indicator_id", "value")
            .values_list("indicator_id", "value")
        ):
            national[unranged[indicator_id]].append(value)
    eligible = unscoped(Submission).filter(round_id=round_id, status=Submission.Status.ELIGIBLE)
    entries = [
        EntrySpec(id=pk, track_id=track_id, submitted_at=submitted_at)
        for pk, track_id, submitted_at in eligible.order_by("pk").values_list("pk", "track_id", "submitted_at")
    ]
    claims = list(
        unscoped(ClaimedValue)
        .filter(
            submission__round_id=round_id,
            submission__status=Submission.Status.ELIGIBLE,
            criterion__round_id=round_id,
            criterion__kind=Criterion.Kind.INDICATOR,
        )
        .order_by("submission_id", "criterion_id")
        .values_list("submission_id", "criterion_id", "value")
    )
    scores = (
        unscoped(ReviewScore)
        .filter(
            review__status=Review.Status.SUBMITTED,
            review__assignment__status=Assignment.Status.ASSIGNED,
            review__assignment__submission__round_id=round_id,
            review__assignment__submission__status=Submission.Status.ELIGIBLE,
            criterion__round_id=round_id,
            criterion__kind=Criterion.Kind.EXPERT,
        )
        .order_by()
        .values_list(
            "review__assignment__submission_id",
            "review__assignment__expert_id",
            "criterion_id",
            Cast(Round(F("score") * 100), IntegerField()),
        )
    )
    # A plain cursor: 240,000 rows of four integers straight into one array, without a Python object per row.
    sql, params = scores.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 4)
    excluded = review_exclusions(round_id=round_id)
    if excluded:
        pairs = np.array([(entry, expert) for _review, entry, expert, _reasons in excluded], dtype=np.int64)
        width = int(max(rows[:, 1].max(initial=0), pairs[:, 1].max())) + 1  # (entry, expert) as one integer
        rows = rows[~np.isin(rows[:, 0] * width + rows[:, 1], pairs[:, 0] * width + pairs[:, 1])]
    return RunInputs(
        round_id=round_id,
        rule=rule,
        top_n=top_n,
        threshold=threshold,
        criteria=criteria,
        entries=entries,
        claims=claims,
        standardise_from=standardise_from,
        reference_year=reference_year,
        national=national,
        score_entry=rows[:, 0].copy(),
        score_expert=rows[:, 1].copy(),
        score_criterion=rows[:, 2].copy(),
        score_hundredths=rows[:, 3].copy(),
        excluded=excluded,
    )


def run_results_store(*, run: EvaluationRun, outcome: Outcome, excluded=()) -> None:
    """Replace the run's results with the outcome's (one DELETE, one INSERT) and store its digest, its summary and
    the reviews its inputs left out (`excluded`, as `RunInputs.excluded`, with the experts' names). Called inside
    the transaction that holds the run's row lock."""
    unscoped(Result).filter(run=run).delete()
    unscoped(Result).bulk_create(
        [
            Result(
                run=run,
                submission_id=row.entry_id,
                track_id=row.track_id,
                expert_score=row.expert_score,
                indicator_score=row.indicator_score,
                total=row.total,
                rank=row.rank,
                advanced=row.advanced,
                breakdown=row.breakdown,
            )
            for row in outcome.results
        ]
    )
    run.digest = outcome.digest
    run.summary = outcome.summary
    names = expert_names_unscoped({expert for _review, _entry, expert, _reasons in excluded})
    run.excluded_reviews = [
        {
            "review": review,
            "entry": entry,
            "expert": expert,
            "expert_name": names.get(expert, ""),
            "reasons": list(reasons),
        }
        for review, entry, expert, reasons in excluded
    ]
    unscoped(EvaluationRun).filter(pk=run.pk).update(
        digest=run.digest, summary=run.summary, excluded_reviews=run.excluded_reviews
    )


# The task's body -------------------------------------------------------------------------------------------------


def execute_run(run_id: int):
    """Run a recorded evaluation run; idempotent and safe to retry or to deliver twice.

    Claims the run (row lock): a finished run is left as it is. Loads every input in a constant number of queries,
    computes, and in one transaction (the run's row locked again) replaces whatever results the run has with the
    new ones and marks it succeeded. A run interrupted anywhere (a killed worker) thus starts again from nothing
    when the task is delivered again; two deliveries running at once write once (the second finds the run
    succeeded and discards its work). Inputs it cannot evaluate fail the run with a message."""

    from evaluations.models import EvaluationRun
    from tenancy.scoping import system_scope

    stages = {
        "normalise": _("Standardising the scores of experts who scored enough entries"),
        "trim": _("Trimmed means per entry and criterion"),
        "indicators": _("Scaling the claimed indicator values against their reference ranges"),
        "rank": _("Weighted totals, ranks and advancement"),
        "explain": _("Writing the explanation of every number"),
    }
    with system_scope():
        with transaction.atomic():
            run = unscoped(EvaluationRun).select_for_update().filter(pk=run_id).first()
            if run is None or run.is_finished:
                return run
            run.start()
        pause = float((run.parameters or {}).get("pause_seconds") or 0)

        def progress(percent, stage):
            run.set_progress(percent, stages.get(stage, stage))
            if pause:
                time.sleep(pause)

        progress(5, _("Loading the entries, reviews and claims"))
        inputs = run_inputs_load(round_id=run.round_id)
        progress(20, _("Checking the inputs"))
        try:
            outcome = compute(inputs, progress=progress)
        except RunDataError as exc:
            run.fail(_("The run cannot evaluate this round: %(reason)s.") % {"reason": exc})
            return run
        progress(92, _("Storing the results"))
        with transaction.atomic():
            locked = unscoped(EvaluationRun).select_for_update().get(pk=run.pk)
            if locked.is_finished:
                return locked  # another delivery of the task finished first
            run_results_store(run=locked, outcome=outcome, excluded=inputs.excluded)
            message = _("%(entries)d entries evaluated from %(scores)d scores; %(advanced)d advance.") % {
                "entries": outcome.summary["entries"],
                "scores": outcome.summary["scores"],
                "advanced": outcome.summary["advanced"],
            }
            if inputs.excluded:
                message += " " + _("%(count)d reviews left out for a conflict of interest.") % {
                    "count": len(inputs.excluded)
                }
            locked.succeed(message)
        return locked
