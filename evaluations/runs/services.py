"""Writes of the evaluation runs: recording a run and queueing it (`run_start`). Loading a run's inputs, the
computation and storing its results are in `execution.py` and `scoring.py`; the Celery entry point in `tasks.py`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.models import (
    Criterion,
    EvaluationRun,
    Submission,
)
from evaluations.models import Round as CompetitionRound


def _startable(round_) -> dict:
    """Field errors that keep a round from being evaluated (empty when it can be)."""
    errors = []
    criteria = list(Criterion._base_manager.filter(round=round_).values_list("weight", flat=True))
    if not criteria:
        errors.append(_("The round has no rubric."))
    elif sum(criteria) != 100:
        errors.append(_("The weights of the round's rubric do not sum to 100."))
    if round_.advancement_rule == CompetitionRound.AdvancementRule.TOP_N and not round_.advance_top_n:
        errors.append(_("The round's top-N rule does not say how many entries advance."))
    if round_.advancement_rule == CompetitionRound.AdvancementRule.THRESHOLD and round_.advance_threshold is None:
        errors.append(_("The round's threshold rule has no threshold."))
    if not Submission._base_manager.filter(round=round_, status=Submission.Status.ELIGIBLE).exists():
        errors.append(_("The round has no eligible entry to evaluate."))
    return {"round": errors} if errors else {}


def run_start(*, round, by, now=None, parameters=None) -> EvaluationRun:
    """Record an evaluation run of the round (queued) and queue its task once the transaction commits.

    Refused with a field error (`round`) when the round has no rubric summing to 100, no complete advancement
    rule or no eligible entry. A run of the round already queued or running (and not stale) is returned instead
    of a second one. `parameters` is stored with the run; `pause_seconds` there slows the run down between its
    stages (for tests of a worker killed mid-run)."""
    from django.conf import settings

    from evaluations.runs.tasks import evaluation_run
    from tenancy.tasks import enqueue

    now = now or timezone.now()
    with transaction.atomic():
        round_ = CompetitionRound._base_manager.select_for_update().get(pk=round.pk)  # one start at a time
        errors = _startable(round_)
        if errors:
            raise ValidationError(errors)
        stale = now - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        pending = (
            EvaluationRun._base_manager.filter(
                round=round_, status__in=[EvaluationRun.Status.QUEUED, EvaluationRun.Status.RUNNING], created__gt=stale
            )
            .order_by("-created", "-pk")
            .first()
        )
        if pending is not None:
            return pending
        run = EvaluationRun._base_manager.create(
            round=round_,
            created_by=by,
            parameters=dict(parameters or {}),
            message=_("Waiting for a worker"),
        )
        enqueue(evaluation_run, run.pk, translation.get_language())
    return run
