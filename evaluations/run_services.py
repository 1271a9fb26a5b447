"""Writes of the evaluation runs: recording a run and queueing it (`run_start`), loading a run's inputs in a
constant number of queries, and storing its results. The computation is in `scoring.py`; the Celery entry point in
`run_tasks.py`."""

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenancy.scoping import unscoped

from .models import Assignment, ClaimedValue, Criterion, EvaluationRun, Result, Review, ReviewScore, Submission
from .models import Round as CompetitionRound
from .scoring import CriterionSpec, EntrySpec, Outcome, RunInputs


def _startable(round_) -> dict:
    """Field errors that keep a round from being evaluated (empty when it can be)."""
    errors = []
    criteria = list(unscoped(Criterion).filter(round=round_).values_list("weight", flat=True))
    if not criteria:
        errors.append(_("The round has no rubric."))
    elif sum(criteria) != 100:
        errors.append(_("The weights of the round's rubric do not sum to 100."))
    if round_.advancement_rule == CompetitionRound.AdvancementRule.TOP_N and not round_.advance_top_n:
        errors.append(_("The round's top-N rule does not say how many entries advance."))
    if round_.advancement_rule == CompetitionRound.AdvancementRule.THRESHOLD and round_.advance_threshold is None:
        errors.append(_("The round's threshold rule has no threshold."))
    if not unscoped(Submission).filter(round=round_, status=Submission.Status.ELIGIBLE).exists():
        errors.append(_("The round has no eligible entry to evaluate."))
    return {"round": errors} if errors else {}


def run_start(*, round, by, now=None, parameters=None) -> EvaluationRun:
    """Record an evaluation run of the round (queued) and queue its task once the transaction commits.

    Refused with a field error (`round`) when the round has no rubric summing to 100, no complete advancement
    rule or no eligible entry. A run of the round already queued or running (and not stale) is returned instead
    of a second one. `parameters` is stored with the run; `pause_seconds` there slows the run down between its
    stages (for tests of a worker killed mid-run)."""
    from django.conf import settings

    from tenancy.tasks import enqueue

    from .run_tasks import evaluation_run

    now = now or timezone.now()
    with transaction.atomic():
        round_ = unscoped(CompetitionRound).select_for_update().get(pk=round.pk)  # one start at a time
        errors = _startable(round_)
        if errors:
            raise ValidationError(errors)
        stale = now - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        pending = (
            unscoped(EvaluationRun)
            .filter(
                round=round_, status__in=[EvaluationRun.Status.QUEUED, EvaluationRun.Status.RUNNING], created__gt=stale
            )
            .order_by("-created", "-pk")
            .first()
        )
        if pending is not None:
            return pending
        run = unscoped(EvaluationRun).create(
            round=round_,
            created_by=by,
            parameters=dict(parameters or {}),
            message=_("Waiting for a worker"),
        )
        enqueue(evaluation_run, run.pk, translation.get_language())
    return run


# Inputs and results ------------------------------------------------------------------------------------------------


def run_inputs_load(*, round_id: int) -> RunInputs:
    """Every input of a run of the round, in five queries whatever the number of entries and scores: the round,
    its criteria, its eligible entries, their claims, and the scores of submitted reviews of assigned experts."""
    rule, top_n, threshold = (
        unscoped(CompetitionRound)
        .filter(pk=round_id)
        .values_list("advancement_rule", "advance_top_n", "advance_threshold")
        .get()
    )
    criteria = [
        CriterionSpec(
            id=pk,
            kind=kind,
            weight=weight,
            max_score=max_score,
            higher_is_better=True if higher is None else bool(higher),
        )
        for pk, kind, weight, max_score, higher in unscoped(Criterion)
        .filter(round_id=round_id)
        .order_by("position", "pk")
        .values_list("pk", "kind", "weight", "max_score", "indicator__higher_is_better")
    ]
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
    return RunInputs(
        round_id=round_id,
        rule=rule,
        top_n=top_n,
        threshold=threshold,
        criteria=criteria,
        entries=entries,
        claims=claims,
        score_entry=rows[:, 0].copy(),
        score_expert=rows[:, 1].copy(),
        score_criterion=rows[:, 2].copy(),
        score_hundredths=rows[:, 3].copy(),
    )


def run_results_store(*, run: EvaluationRun, outcome: Outcome) -> None:
    """Replace the run's results with the outcome's (one DELETE, one INSERT) and store its digest and summary.
    Called inside the transaction that holds the run's row lock."""
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
    unscoped(EvaluationRun).filter(pk=run.pk).update(digest=run.digest, summary=run.summary)
