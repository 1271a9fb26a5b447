"""Transitions of an entry beyond the submission path: the formal check's refusal (ineligible, with the reason),
the entrant's withdrawal before the deadline, and the carry-over of an entry that advanced into the competition's
next round, by its promotion body (one entry) or by the ministry (every entry that advanced, opening the round).

Like every entry transition (evaluations/entries/services.py): the entry's row is locked, the actor's entitlement
checked again on the entry as it is now, the state and the window checked at `now`, the history and the visible
trail written and the organisations concerned notified; a refusal changes nothing.

A carried-over entry is a new draft of the next round: its narrative sections are the advanced entry's, and so are
the claimed values (with a copy of each evidence file) of the indicators both rounds' rubrics ask for. Its promotion
body completes it, submits it, and it goes through endorsement and the formal check as any entry does.
"""

import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.competitions.services import refuse_closed, refuse_if_frozen
from evaluations.entries.admission import advanced_ids, counting_run, ensure_advanced, next_round, previous_round
from evaluations.entries.evidence import stored_evidence_name
from evaluations.entries.services import _lock, _trail, _when, require, submission_refusal
from evaluations.models import (
    SECTION_KEYS,
    Assignment,
    ClaimedValue,
    Competition,
    Criterion,
    Endorsement,
    Round,
    Submission,
    SubmissionEvent,
)
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.scoping import unscoped

logger = logging.getLogger(__name__)

REASON_MAX_CHARS = 4000


def _reason(reason, *, required, message=""):
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": [message]})
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError({"reason": [_("At most %(max)d characters.") % {"max": REASON_MAX_CHARS}]})
    return reason


def _release_assignments(submission, *, by, reason):
    """An entry out of the competition is not reviewed: its experts' open assignments end (recused, with the reason
    why), so the entry leaves their lists and the ministry's assignment counts."""
    for assignment in unscoped(Assignment).filter(submission=submission, status=Assignment.Status.ASSIGNED):
        assignment.status = Assignment.Status.RECUSED
        assignment.recusal_reason = reason[:200]
        save_with_history(assignment, by=by, reason=reason)


# The formal check's refusal ----------------------------------------------------------------------------------------


@transaction.atomic
def submission_mark_ineligible(*, submission, by, reason, now=None) -> Submission:
    """The ministry's formal check refuses an endorsed entry (形式审查不通过), with the reason: it is out of the
    competition (not reviewed, not ranked, not counted against its province's quota)."""
    now = now or timezone.now()
    reason = _reason(reason, required=True, message=_("Say why the entry fails the formal check."))
    locked = _lock(submission)
    require(by, "evaluations.decide_submission", locked)
    refuse_if_frozen(locked.round)
    refusal = submission_refusal(locked, "ineligible")
    if refusal is not None:
        raise refusal
    from_status = locked.status
    locked.status = Submission.Status.INELIGIBLE
    locked.status_reason = reason
    save_with_history(locked, by=by, reason=_("Declared ineligible: %(reason)s") % {"reason": reason})
    _release_assignments(locked, by=by, reason=_("The entry was declared ineligible."))
    _trail(locked, action=SubmissionEvent.Action.INELIGIBLE, from_status=from_status, by=by, now=now, comment=reason)
    submission.refresh_from_db()
    return submission


# Withdrawal --------------------------------------------------------------------------------------------------------


def withdrawal_refusal(submission, now) -> Refusal | None:
    """Why the entry cannot be withdrawn now, or None (the page shows its button only when there is none)."""
    if not submission.is_withdrawable_status:
        return Refusal(
            _("The entry is %(status)s: there is nothing to withdraw.") % {"status": submission.get_status_display()}
        )
    if now >= submission.round.submission_closes:
        return Refusal(
            _("The submission deadline (%(deadline)s) has passed: the entry can no longer be withdrawn.")
            % {"deadline": _when(submission.round.submission_closes)},
            code="frozen",
        )
    return None


@transaction.atomic
def submission_withdraw(*, submission, by, reason="", now=None) -> Submission:
    """The promotion body withdraws its entry before the round's submission deadline (a reason is optional): the
    governments' open endorsements are no longer needed and the entry is out of the competition."""
    now = now or timezone.now()
    reason = _reason(reason, required=False)
    locked = _lock(submission)
    require(by, "evaluations.withdraw_submission", locked)
    refuse_if_frozen(locked.round)
    refusal = withdrawal_refusal(locked, now)
    if refusal is not None:
        raise refusal
    unscoped(Endorsement).filter(submission=locked, decision=Endorsement.Decision.PENDING).update(
        decision=Endorsement.Decision.WITHDRAWN
    )
    from_status = locked.status
    locked.status = Submission.Status.WITHDRAWN
    locked.status_reason = reason
    save_with_history(
        locked, by=by, reason=_("Withdrawn: %(reason)s") % {"reason": reason} if reason else _("Withdrawn")
    )
    _release_assignments(locked, by=by, reason=_("The entry was withdrawn."))
    _trail(locked, action=SubmissionEvent.Action.WITHDRAWN, from_status=from_status, by=by, now=now, comment=reason)
    submission.refresh_from_db()
    return submission


# Carry-over into the next round ------------------------------------------------------------------------------------


def _open_for_carry_over(target, now):
    if target.competition.status != Competition.Status.PUBLISHED:
        raise Refusal(_("The competition is not published."), code="invalid_transition")
    if now >= target.submission_closes:
        raise Refusal(
            _("The submission deadline of %(round)s (%(deadline)s) has passed: no entry can be carried into it.")
            % {"round": target.name, "deadline": _when(target.submission_closes)},
            code="frozen",
        )


def _next_round_of(source) -> Round:
    target = next_round(source.round)
    if target is None:
        raise Refusal(
            _("%(round)s is the competition's last round: there is no round to carry the entry into.")
            % {"round": source.round.name},
            code="invalid_transition",
        )
    return unscoped(Round).select_related("competition").get(pk=target.pk)


def _copy_evidence(source: ClaimedValue, copy: ClaimedValue) -> None:
    """The evidence file copied under the new entry: each entry owns its files, so replacing the evidence of one
    never removes a file another entry's version points to."""
    if not source.evidence:
        return
    try:
        with source.evidence.open("rb") as handle:
            content = handle.read()
    except OSError:
        logger.warning("The evidence file %s is missing; the carried-over value has none.", source.evidence.name)
        return
    copy.evidence.save(
        stored_evidence_name(os.path.splitext(source.evidence.name)[1].lower()), ContentFile(content), save=False
    )
    copy.evidence_name = source.evidence_name
    copy.evidence_size = source.evidence_size
    copy.evidence_type = source.evidence_type
    copy.evidence_sha256 = source.evidence_sha256


def _carry_over(source, *, target, run, by, now) -> Submission:
    if unscoped(Submission).filter(round=target, cluster_id=source.cluster_id).exists():
        raise Refusal(
            _("%(cluster)s already has an entry in %(round)s.")
            % {"cluster": source.cluster.name, "round": target.name},
            code="invalid_transition",
        )
    entry = Submission(
        round=target,
        track=source.track,
        cluster=source.cluster,
        sections={key: source.sections.get(key, "") for key in SECTION_KEYS},
        carried_over_from=source,
        created_by=by,
    )
    reason = _("Carried over from %(round)s") % {"round": source.round.name}
    try:
        with transaction.atomic():
            save_with_history(entry, by=by, reason=reason)
    except IntegrityError as exc:
        raise Refusal(
            _("%(cluster)s already has an entry in %(round)s.")
            % {"cluster": source.cluster.name, "round": target.name},
            code="invalid_transition",
        ) from exc
    claimed = {
        value.criterion.indicator_id: value
        for value in unscoped(ClaimedValue).filter(submission=source).select_related("criterion")
        if value.criterion.indicator_id is not None
    }
    for criterion in unscoped(Criterion).filter(round=target, kind=Criterion.Kind.INDICATOR).order_by("position"):
        value = claimed.get(criterion.indicator_id)
        if value is None:
            continue
        copy = ClaimedValue(submission=entry, criterion=criterion, value=value.value, note=value.note)
        _copy_evidence(value, copy)
        save_with_history(copy, by=by, reason=reason)
    _trail(
        entry,
        action=SubmissionEvent.Action.CARRIED_OVER,
        from_status="",
        by=by,
        now=now,
        comment=_("Advanced from %(round)s (evaluation run #%(run)d).") % {"round": source.round.name, "run": run.pk},
    )
    return entry


def carry_over_refusal(submission, now) -> Refusal | None:
    """Why the entry cannot be carried over into the next round now, or None (for the entry page's button)."""
    try:
        target = _next_round_of(submission)
        _open_for_carry_over(target, now)
        ensure_advanced(submission, counting_run(round=submission.round))
        if unscoped(Submission).filter(round=target, cluster_id=submission.cluster_id).exists():
            return Refusal(_("The entry has been carried over already."), code="invalid_transition")
    except Refusal as refusal:
        return refusal
    return None


@transaction.atomic
def submission_carry_over(*, submission, by, now=None) -> Submission:
    """The promotion body starts its entry in the next round from its entry that advanced (see the module's
    docstring for what is copied). Returns the new entry, a draft."""
    now = now or timezone.now()
    source = _lock(submission)
    require(by, "evaluations.carry_over_submission", source)
    refuse_closed(source.round.competition_id)
    target = _next_round_of(source)
    _open_for_carry_over(target, now)
    run = counting_run(round=source.round)
    ensure_advanced(source, run)
    return _carry_over(source, target=target, run=run, by=by, now=now)


@transaction.atomic
def round_carry_over(*, round, by, now=None) -> dict:
    """The ministry opens a later round: every entry that advanced from the round before and has no entry in this
    round yet is carried over. Returns {"run": the run that counts, "advanced": how many advanced, "created": the
    new entries}."""
    now = now or timezone.now()
    require(by, "evaluations.carry_over_round")
    target = unscoped(Round).select_for_update(of=("self",)).select_related("competition").get(pk=round.pk)
    previous = previous_round(target)
    if previous is None:
        raise Refusal(
            _("%(round)s is the competition's first round: clusters enter it themselves.") % {"round": target.name},
            code="invalid_transition",
        )
    _open_for_carry_over(target, now)
    run = counting_run(round=previous)
    if run is None:
        raise Refusal(
            _("No evaluation run has ranked %(round)s yet, so no entry has advanced from it.")
            % {"round": previous.name},
            code="not_advanced",
        )
    advanced = advanced_ids(run=run)
    present = set(unscoped(Submission).filter(round=target).values_list("cluster_id", flat=True))
    sources = (
        unscoped(Submission)
        .select_for_update(of=("self",))
        .filter(pk__in=advanced)
        .select_related("round", "cluster", "track")
        .order_by("cluster__name", "pk")
    )
    created = [
        _carry_over(source, target=target, run=run, by=by, now=now)
        for source in sources
        if source.cluster_id not in present
    ]
    return {"run": run, "advanced": len(advanced), "created": created}
