"""Writes of the evaluation runs: recording a run and queueing it (`run_start`). Loading a run's inputs, the
computation and storing its results are in `execution.py` and `scoring.py`; the Celery entry point in `tasks.py`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.competitions.selectors import published_run
from evaluations.models import (
    Criterion,
    EvaluationRun,
    Submission,
)
from evaluations.models import Round as CompetitionRound
from tenancy.errors import Refusal
from tenancy.scoping import unscoped


def _startable(round_) -> list:
    """What keeps a round from being evaluated (empty when it can be)."""
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
    return errors


CORRECTION_REASON_MAX_CHARS = 2000


def _correction(round_, *, by, reason) -> tuple[EvaluationRun | None, str]:
    """(the run a new run of the round corrects, the reason): a run of a frozen round is a correction of its
    published result, by the ministry, with a stated reason; a run of any other round corrects nothing."""
    reason = (reason or "").strip()
    corrected = published_run(round_)
    if corrected is None:
        if reason:
            raise ValidationError(
                {"correction_reason": [_("The round's result is not published: this run corrects nothing.")]}
            )
        return None, ""
    if not by.has_perm("evaluations.correct_result"):
        raise PermissionDenied(_("Only the ministry corrects a published result."))
    if not reason:
        raise ValidationError(
            {
                "correction_reason": [
                    _(
                        "The round's result is published: a new run is a correction of it. State why the published "
                        "result is corrected."
                    )
                ]
            }
        )
    if len(reason) > CORRECTION_REASON_MAX_CHARS:
        raise ValidationError(
            {
                "correction_reason": [
                    _("Keep the reason within %(max)s characters.") % {"max": CORRECTION_REASON_MAX_CHARS}
                ]
            }
        )
    return corrected, reason


def run_start(*, round, by, now=None, parameters=None, correction_reason=None) -> EvaluationRun:
    """Record an evaluation run of the round (queued) and queue its task once the transaction commits.

    Refused (code not_ready) when the round has no rubric summing to 100, no complete advancement rule or no
    eligible entry. A run of the round already queued or running (and not stale) is returned instead of a second
    one. Once the round is frozen (a notice published from one of its runs) the new run is a correction of the
    published result: only the ministry starts it, with `correction_reason` (a field error without it).
    `parameters` is stored with the run; `pause_seconds` there slows the run down between its stages (for tests of
    a worker killed mid-run)."""
    from django.conf import settings

    from evaluations.runs.tasks import evaluation_run
    from tenancy.tasks import enqueue

    now = now or timezone.now()
    with transaction.atomic():
        round_ = unscoped(CompetitionRound).select_for_update().get(pk=round.pk)  # one start at a time
        errors = _startable(round_)
        if errors:
            raise Refusal(" ".join(str(error) for error in errors), code="not_ready")
        corrected, reason = _correction(round_, by=by, reason=correction_reason)
        stale = now - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        pending = (
            unscoped(EvaluationRun)
            .filter(
                round=round_,
                status__in=[EvaluationRun.Status.QUEUED, EvaluationRun.Status.RUNNING],
                created__gt=stale,
                correction_of=corrected,
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
            correction_of=corrected,
            correction_reason=reason,
        )
        enqueue(evaluation_run, run.pk, translation.get_language())
    return run
