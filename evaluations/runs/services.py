"""Writes of the evaluation runs: recording a run and queueing it (`run_start`), refused while entries lack the
round's minimum of submitted reviews unless the ministry gives a written reason. Loading a run's inputs, the
computation and storing its results are in `execution.py` and `scoring.py`; the Celery entry point in `tasks.py`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluations.competitions.selectors import published_run
from evaluations.models import (
    Criterion,
    EvaluationRun,
    Submission,
)
from evaluations.models import Round as CompetitionRound
from evaluations.review.services import conflict_reason_label
from evaluations.runs.selectors import reviews_outstanding
from tenancy.errors import Refusal
from tenancy.scoping import unscoped

OVERRIDE_REASON_MIN = 20  # characters of the written reason for running with reviews missing
OVERRIDE_REASON_MAX = 2000
OUTSTANDING_IN_MESSAGE = 10  # entries named in the refusal's message (the API's details list them all)


def entry_label(row: dict) -> str:
    """An entry of `reviews_outstanding` as the ministry reads it: by its number only in a blind round."""
    if row.get("cluster") is None:
        return _("entry No. %(number)s") % {"number": row["entry"]}
    return _("%(cluster)s (entry No. %(number)s)") % {"cluster": row["cluster"], "number": row["entry"]}


def expert_state_label(expert: dict) -> str:
    if expert["state"] == "excluded":
        reasons = "; ".join(conflict_reason_label(code) for code in expert.get("reasons") or ())
        return _("left out, conflict of interest: %(reasons)s") % {"reasons": reasons}
    if expert["state"] == "draft":
        return _("draft")
    return _("not started")


def outstanding_text(rows: list[dict], *, limit=OUTSTANDING_IN_MESSAGE) -> str:
    """The entries short of reviews and their outstanding experts, as one sentence per entry."""
    parts = []
    for row in rows[:limit]:
        text = _("%(entry)s: %(submitted)d of %(required)d") % {
            "entry": entry_label(row),
            "submitted": row["submitted"],
            "required": row["required"],
        }
        if row["experts"]:
            experts = ", ".join(f"{e['name']} ({expert_state_label(e)})" for e in row["experts"])
            text += " — " + _("outstanding: %(experts)s") % {"experts": experts}
        if row["unassigned"]:
            text += " — " + ngettext(
                "%(count)d more expert to assign", "%(count)d more experts to assign", row["unassigned"]
            ) % {"count": row["unassigned"]}
        parts.append(text)
    if len(rows) > limit:
        parts.append(_("and %(count)d more entries") % {"count": len(rows) - limit})
    return "; ".join(parts)


def reviews_missing_message(round_, rows: list[dict]) -> str:
    return ngettext(
        "%(count)d eligible entry lacks the round's minimum of %(required)d submitted reviews that count: "
        "%(entries)s. Wait for the reviews or assign experts, or give a written reason to run anyway.",
        "%(count)d eligible entries lack the round's minimum of %(required)d submitted reviews that count: "
        "%(entries)s. Wait for the reviews or assign experts, or give a written reason to run anyway.",
        len(rows),
    ) % {"count": len(rows), "required": round_.required_reviews, "entries": outstanding_text(rows)}


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


def run_start(*, round, by, now=None, parameters=None, override_reason="", correction_reason=None) -> EvaluationRun:
    """Record an evaluation run of the round (queued) and queue its task once the transaction commits.

    Refused (code not_ready) when the round has no rubric summing to 100, no complete advancement rule or no
    eligible entry. A run of the round already queued or running (and not stale) is returned instead
    of a second one. Refused (code reviews_missing; the refusal's details list the entries and their outstanding
    experts) while an eligible entry has fewer submitted reviews that count than the round's minimum
    (`selectors.reviews_outstanding`), unless `override_reason` says in writing why the run goes ahead (at least
    OVERRIDE_REASON_MIN characters, else a field error): the reason and the entries short of reviews are stored
    with the run (a reason given when nothing is missing is not). Once the round is frozen (a notice published
    from one of its runs) the new run is a correction of the published result: only the ministry starts it, with
    `correction_reason` (a field error without it); its reviews can no longer be completed, so the correction
    reason stands as the written reason for any entries still short of reviews. `parameters` is stored with the
    run; `pause_seconds` there slows the run down between its stages (for tests of a worker killed mid-run)."""
    from django.conf import settings

    from evaluations.runs.tasks import evaluation_run
    from tenancy.tasks import enqueue

    now = now or timezone.now()
    with transaction.atomic():
        round_ = unscoped(CompetitionRound).select_for_update().get(pk=round.pk)  # one start at a time
        errors = _startable(round_)
        if errors:
            raise Refusal(" ".join(str(error) for error in errors), code="not_ready")
        corrected, correction = _correction(round_, by=by, reason=correction_reason)
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
        outstanding = reviews_outstanding(round_=round_)
        reason = (override_reason or "").strip() if outstanding else ""
        # A frozen round's reviews can no longer be completed: the written correction reason stands for them.
        by_correction = bool(outstanding and not reason and corrected is not None)
        if by_correction:
            reason = correction
        if outstanding and not reason:
            raise Refusal(
                reviews_missing_message(round_, outstanding),
                code="reviews_missing",
                details={"required": round_.required_reviews, "entries": outstanding},
            )
        if reason and not by_correction and len(reason) < OVERRIDE_REASON_MIN:
            raise ValidationError(
                {
                    "override_reason": [
                        _("Write at least %(min)d characters: why the run goes ahead without these reviews.")
                        % {"min": OVERRIDE_REASON_MIN}
                    ]
                }
            )
        if len(reason) > OVERRIDE_REASON_MAX:
            raise ValidationError(
                {"override_reason": [_("Keep the reason within %(max)d characters.") % {"max": OVERRIDE_REASON_MAX}]}
            )
        run = unscoped(EvaluationRun).create(
            round=round_,
            created_by=by,
            parameters=dict(parameters or {}),
            message=_("Waiting for a worker"),
            review_override_reason=reason,
            reviews_missing=outstanding if reason else [],
            correction_of=corrected,
            correction_reason=correction,
        )
        enqueue(evaluation_run, run.pk, translation.get_language())
    return run
