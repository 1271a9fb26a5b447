"""Writes of the competitions: competitions, tracks, rounds and rubrics (the ministry), entries (promotion bodies),
endorsements (local governments) and eligibility (the ministry).

Every entry transition locks the entry row (`select_for_update`), checks the state and the round's windows at
`now` (server time; pass `now=` to decide at another instant), writes, records the history (django-simple-history)
and the visible trail (`SubmissionEvent`). A refused transition raises `Refusal` and changes nothing.

Status of an entry: draft → submitted → endorsed (every supervising government endorsed the submitted version)
→ eligible or ineligible (the ministry's formal check). Any supervising government may return a submitted entry with
a comment (→ returned); the body edits it and submits again (a new version, new endorsements). After the round's
submission deadline the entry is frozen: no write of the body is accepted, and a government can no longer return it
(only endorse it). Before the deadline the body may withdraw its entry (→ withdrawn). Ineligible and withdrawn
entries are out of the competition: never reviewed, ranked or counted against a quota (evaluations/entries/
lifecycle.py has those transitions and the carry-over of an entry into the next round).

Who may enter which round is `evaluations.entries.admission`'s rule. Every write and transition checks again that
its actor is entitled to the entry's cluster as it is now: a body must be the cluster's promotion body, a government
must hold one of the cluster's regions in its jurisdiction (the `evaluations.*_submission` rules). `by=None` is the
system (loaders, commands), which has no organisation to check.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from clusters.observations.services import count_error
from evaluations.competitions.services import _decimal, refuse_closed, refuse_if_frozen
from evaluations.entries.admission import ensure_may_enter
from evaluations.entries.evidence import evidence_check, remove_evidence_after_commit, stored_evidence_name
from evaluations.entries.selectors import pending_endorsement, supervising_governments
from evaluations.models import (
    SECTION_KEYS,
    SECTION_MAX_CHARS,
    ClaimedValue,
    Competition,
    Criterion,
    Endorsement,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    Track,
)
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.numbers import plain
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

logger = logging.getLogger(__name__)


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _lock(submission) -> Submission:
    """The entry's row, locked for the rest of the transaction and read afresh."""
    return (
        unscoped(Submission)
        .select_for_update(of=("self",))
        .select_related("round__competition", "cluster", "track")
        .get(pk=submission.pk)
    )


def _organisation_id(user):
    return Viewer.for_user(user).organisation_id


ENTITLEMENT = {
    "evaluations.enter_cluster": gettext_lazy(
        "Only an editor of the cluster's promotion body may enter it in a competition."
    ),
    "evaluations.change_submission": gettext_lazy(
        "Only an editor of the cluster's promotion body may change its entry."
    ),
    "evaluations.withdraw_submission": gettext_lazy(
        "Only an editor of the cluster's promotion body may withdraw its entry."
    ),
    "evaluations.carry_over_submission": gettext_lazy(
        "Only an editor of the cluster's promotion body may carry its entry over into the next round."
    ),
    "evaluations.endorse_submission": gettext_lazy(
        "Only an editor of a local government whose jurisdiction holds one of the cluster's regions may decide on "
        "its entry."
    ),
    "evaluations.decide_submission": gettext_lazy("Only the ministry's editors make the formal check of an entry."),
    "evaluations.carry_over_round": gettext_lazy(
        "Only the ministry's editors open a round to the entries that advanced."
    ),
}


def require(by, perm, obj=None) -> None:
    """Refuse (PermissionDenied) unless `by` holds `perm` on `obj` as it is now: the entry (or cluster) read afresh,
    so a cluster that changed promotion body or regions since the request began is seen. `by=None` is the system."""
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(str(ENTITLEMENT[perm]))


# The notification hook ------------------------------------------------------------------------------------------


def entry_decision_recorded(*, event: SubmissionEvent) -> None:
    """Called after every decision on an entry (submitted, endorsed, returned, eligible), inside the transaction:
    the organisations concerned are notified in the app (evaluations/entries/notifications.py)."""
    from evaluations.entries import notifications as entry_notifications

    entry_notifications.send(event)


def _trail(submission, *, action, from_status, by, now, comment="", version_number=None) -> SubmissionEvent:
    event = unscoped(SubmissionEvent).create(
        submission=submission,
        action=action,
        from_status=from_status,
        to_status=submission.status,
        organisation_id=_organisation_id(by) if by is not None else None,
        actor=by,
        comment=comment,
        version_number=version_number,
        created=now,
    )
    entry_decision_recorded(event=event)
    return event


# Entries --------------------------------------------------------------------------------------------------------


def _track_for(round_, cluster):
    track = unscoped(Track).filter(competition_id=round_.competition_id, field_id=cluster.field_id).first()
    if track is None:
        raise ValidationError(
            {
                "cluster": [
                    _("The competition has no track for this cluster's industry field (%(field)s).")
                    % {"field": cluster.field}
                ]
            }
        )
    return track


def _waiting_refusal(submission, endorsement) -> Refusal | None:
    """Refused unless the entry is submitted and `endorsement` (the government's open decision on it) exists."""
    if submission.status != Submission.Status.SUBMITTED or endorsement is None:
        return Refusal(
            _("This entry is %(status)s and is not waiting for your government's decision.")
            % {"status": submission.get_status_display()}
        )
    return None


def _endorsed_refusal(submission, message) -> Refusal | None:
    if submission.status != Submission.Status.ENDORSED:
        return Refusal(message % {"status": submission.get_status_display()})
    return None


def submission_refusal(submission, step, *, by=None, now=None) -> Refusal | None:
    """Why the entry's state does not allow `step` now, or None. Steps: "change" (edit, a claimed value, submit: a
    draft or returned entry before the deadline), "endorse" and "return" (a submitted entry waiting for `by`'s
    government), "eligible" and "ineligible" (the ministry's formal check of an endorsed entry). The services raise
    it (409 in the API); the pages offer only the steps it lets through and show its message."""
    if step == "change":
        if not submission.is_editable_status:
            return Refusal(
                _("The entry is %(status)s: it can be changed only after a government returns it.")
                % {"status": submission.get_status_display()},
                code="invalid_transition",
            )
        if (now or timezone.now()) >= submission.round.submission_closes:
            return Refusal(
                _("The submission deadline (%(deadline)s) has passed: the entry is frozen and cannot be changed.")
                % {"deadline": _when(submission.round.submission_closes)},
                code="frozen",
            )
        return None
    if step in ("endorse", "return"):
        endorsement = pending_endorsement(submission=submission, organisation_id=_organisation_id(by))
        return _waiting_refusal(submission, endorsement)
    if step == "eligible":
        return _endorsed_refusal(
            submission, _("Only an endorsed entry can be declared eligible; this one is %(status)s.")
        )
    if step == "ineligible":
        return _endorsed_refusal(
            submission, _("Only an endorsed entry can be declared ineligible; this one is %(status)s.")
        )
    raise ValueError(f"Not a step of an entry: {step}")


def _refuse(submission, step, **kwargs):
    refusal = submission_refusal(submission, step, **kwargs)
    if refusal is not None:
        raise refusal


def _ensure_revision(submission, revision):
    if revision is not None and int(revision) != submission.revision:
        raise Refusal(
            _(
                "The entry was changed elsewhere (another tab or another colleague) since you opened it: your "
                "revision is %(yours)s, the saved one is %(saved)s. Reload the page to see the latest text."
            )
            % {"yours": revision, "saved": submission.revision},
            code="stale",
        )


@transaction.atomic
def submission_create(*, round, cluster: Cluster, by, now=None) -> Submission:
    """Start the cluster's entry in the round (a draft). Only in the competition's first round, for a cluster the
    competition admits (tier, province quota: `admission.ensure_may_enter`); refused after the round's submission
    deadline. A later round's entries are carried over (`lifecycle.submission_carry_over`)."""
    now = now or timezone.now()
    cluster = unscoped(Cluster).get(pk=cluster.pk)
    require(by, "evaluations.enter_cluster", cluster)
    # Locked: entries of one competition are started one at a time, so a quota's last place is taken once.
    competition = refuse_closed(round.competition_id)
    if competition.status != Competition.Status.PUBLISHED:
        raise Refusal(_("The competition is not published."), code="invalid_transition")
    if now >= round.submission_closes:
        raise Refusal(
            _("The submission deadline (%(deadline)s) has passed: no new entries.")
            % {"deadline": _when(round.submission_closes)},
            code="frozen",
        )
    track = _track_for(round, cluster)
    if unscoped(Submission).filter(round=round, cluster=cluster).exists():
        raise ValidationError({"cluster": [_("This cluster already has an entry in this round.")]})
    ensure_may_enter(round=round, competition=competition, cluster=cluster)
    submission = Submission(
        round=round, track=track, cluster=cluster, sections=dict.fromkeys(SECTION_KEYS, ""), created_by=by
    )
    try:
        with transaction.atomic():
            save_with_history(submission, by=by)
    except IntegrityError as exc:
        raise ValidationError({"cluster": [_("This cluster already has an entry in this round.")]}) from exc
    _trail(submission, action=SubmissionEvent.Action.CREATED, from_status="", by=by, now=now)
    return submission


def _clean_sections(sections: dict) -> dict:
    errors = []
    cleaned = {}
    for key, text in (sections or {}).items():
        if key not in SECTION_KEYS:
            errors.append(_("Unknown section “%(key)s”.") % {"key": key})
            continue
        text = "" if text is None else str(text)
        if len(text) > SECTION_MAX_CHARS:
            errors.append(
                _("The section “%(key)s” has %(length)d characters; at most %(max)d.")
                % {"key": key, "length": len(text), "max": SECTION_MAX_CHARS}
            )
        cleaned[key] = text.replace("\r\n", "\n")
    if errors:
        raise ValidationError({"sections": errors})
    return cleaned


@transaction.atomic
def submission_save_draft(*, submission, sections: dict, revision, by, now=None) -> Submission:
    """Save the given sections (others unchanged) if `revision` is the saved one; the revision goes up by one.
    A save from an older revision (a second tab, a colleague) is refused: nothing is overwritten silently."""
    now = now or timezone.now()
    cleaned = _clean_sections(sections)
    locked = _lock(submission)
    require(by, "evaluations.change_submission", locked)
    _refuse(locked, "change", now=now)
    _ensure_revision(locked, revision)
    merged = {key: locked.sections.get(key, "") for key in SECTION_KEYS}
    merged.update(cleaned)
    if merged != locked.sections:
        locked.sections = merged
        locked.revision += 1
        save_with_history(locked, by=by)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def claimed_value_set(
    *, submission, criterion, value, by, note="", evidence=None, revision=None, now=None
) -> ClaimedValue:
    """Claim a value for one of the round's indicator criteria, with its evidence file (a new file replaces the
    old one, which is removed once the change is committed). The entry's revision goes up by one."""
    now = now or timezone.now()
    errors = {}
    if criterion.round_id != submission.round_id or criterion.kind != Criterion.Kind.INDICATOR:
        errors["criterion"] = [_("Choose an indicator criterion of the entry's round.")]
    number = _decimal(value)
    if number is None:
        errors["value"] = [_("Enter a number.")]
    elif number < 0:
        errors["value"] = [_("The value cannot be negative.")]
    elif criterion.indicator is not None and criterion.indicator.unit == "%" and number > 100:
        errors["value"] = [_("A percentage cannot exceed 100.")]
    elif (message := count_error(criterion.indicator, number)) is not None:
        errors["value"] = [message]
    if len(note or "") > 200:
        errors["note"] = [_("At most 200 characters.")]
    if errors:
        raise ValidationError(errors)
    metadata = evidence_check(evidence) if evidence else None
    locked = _lock(submission)
    require(by, "evaluations.change_submission", locked)
    _refuse(locked, "change", now=now)
    _ensure_revision(locked, revision)
    claimed = unscoped(ClaimedValue).filter(submission=locked, criterion=criterion).first()
    claimed = claimed or ClaimedValue(submission=locked, criterion=criterion)
    old_file = claimed.evidence.name if claimed.pk else ""
    claimed.value = number
    claimed.note = note or ""
    if metadata:
        evidence.name = stored_evidence_name(metadata["ext"])
        claimed.evidence = evidence
        claimed.evidence_name = metadata["name"]
        claimed.evidence_size = metadata["size"]
        claimed.evidence_type = metadata["type"]
        claimed.evidence_sha256 = metadata["sha256"]
    save_with_history(claimed, by=by)
    if metadata and old_file and old_file != claimed.evidence.name and not _in_a_version(locked, old_file):
        remove_evidence_after_commit(old_file)
    locked.revision += 1
    save_with_history(locked, by=by, update_fields=["revision", "updated"])
    submission.refresh_from_db()
    return claimed


def _in_a_version(submission, path):
    """A file a submitted version points to is kept: versions are immutable, their evidence too."""
    return any(
        (item.get("evidence") or {}).get("path") == path
        for snapshot in unscoped(SubmissionVersion).filter(submission=submission).values_list("snapshot", flat=True)
        for item in snapshot.get("claimed_values", [])
    )


def _completeness(submission) -> list[str]:
    missing = []
    from evaluations.models import SECTIONS

    for key, label, _help in SECTIONS:
        if not (submission.sections.get(key) or "").strip():
            missing.append(_("Write the section “%(section)s”.") % {"section": label})
    claimed = {c.criterion_id: c for c in unscoped(ClaimedValue).filter(submission=submission)}
    for criterion in (
        unscoped(Criterion).filter(round=submission.round, kind=Criterion.Kind.INDICATOR).order_by("position")
    ):
        value = claimed.get(criterion.pk)
        if value is None:
            missing.append(_("Claim a value for “%(criterion)s”.") % {"criterion": criterion.name})
        elif not value.evidence:
            missing.append(_("Upload the evidence for “%(criterion)s”.") % {"criterion": criterion.name})
    return missing


def snapshot_of(submission, *, number, by, now) -> dict:
    claimed = unscoped(ClaimedValue).filter(submission=submission).select_related("criterion__indicator")
    return {
        "version": number,
        "revision": submission.revision,
        "submitted_at": now.isoformat(),
        "submitted_by": getattr(by, "username", None),
        "round": {"id": submission.round_id, "name": submission.round.name},
        "cluster": {"id": submission.cluster_id, "name": submission.cluster.name},
        "track": submission.track.field_id,
        "sections": {key: submission.sections.get(key, "") for key in SECTION_KEYS},
        "claimed_values": [
            {
                "criterion": c.criterion_id,
                "criterion_name": c.criterion.name,
                "indicator": c.criterion.indicator.code if c.criterion.indicator else None,
                "value": plain(c.value),
                "note": c.note,
                "evidence": (
                    {
                        "path": c.evidence.name,
                        "name": c.evidence_name,
                        "size": c.evidence_size,
                        "type": c.evidence_type,
                        "sha256": c.evidence_sha256,
                    }
                    if c.evidence
                    else None
                ),
            }
            for c in sorted(claimed, key=lambda c: (c.criterion.position, c.criterion_id))
        ],
    }


@transaction.atomic
def submission_submit(*, submission, by, revision=None, now=None) -> Submission:
    """Submit a draft or returned entry inside the round's submission window: freezes an immutable version and asks
    every supervising government for its endorsement."""
    now = now or timezone.now()
    locked = _lock(submission)
    require(by, "evaluations.change_submission", locked)
    if not locked.is_editable_status:
        raise Refusal(
            _("Only a draft or returned entry can be submitted; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    round_ = locked.round
    if now < round_.submission_opens:
        raise Refusal(_("Submission opens on %(opens)s.") % {"opens": _when(round_.submission_opens)}, code="window")
    _refuse(locked, "change", now=now)
    _ensure_revision(locked, revision)
    missing = _completeness(locked)
    if missing:
        raise Refusal(" ".join(missing), code="incomplete")
    competition = round_.competition
    governments = supervising_governments(cluster=locked.cluster, level=competition.endorsement_level)
    if not governments:
        raise Refusal(
            _("No %(level)s supervising this cluster is registered on the platform, so nobody could endorse it.")
            % {"level": competition.get_endorsement_level_display()},
            code="invalid_transition",
        )
    number = unscoped(SubmissionVersion).filter(submission=locked).count() + 1
    version = unscoped(SubmissionVersion).create(
        submission=locked,
        number=number,
        snapshot=snapshot_of(locked, number=number, by=by, now=now),
        created=now,
        created_by=by,
    )
    unscoped(Endorsement).filter(submission=locked, decision=Endorsement.Decision.PENDING).update(
        decision=Endorsement.Decision.WITHDRAWN
    )
    for government in governments:
        endorsement = Endorsement(submission=locked, version=version, organisation=government)
        save_with_history(endorsement, by=by)
    from_status = locked.status
    locked.status = Submission.Status.SUBMITTED
    locked.submitted_at = locked.submitted_at or now
    locked.last_submitted_at = now
    save_with_history(locked, by=by, reason=_("Submitted version %(number)d") % {"number": number})
    _trail(
        locked, action=SubmissionEvent.Action.SUBMITTED, from_status=from_status, by=by, now=now, version_number=number
    )
    submission.refresh_from_db()
    return submission


def _decision_window(submission, now):
    review_opens = submission.round.review_opens
    if now >= review_opens:
        raise Refusal(
            _("The review of this round opened on %(opens)s: endorsements are closed.")
            % {"opens": _when(review_opens)},
            code="window",
        )


def _pending_for(locked, by):
    require(by, "evaluations.endorse_submission", locked)
    organisation_id = _organisation_id(by)
    endorsement = (
        unscoped(Endorsement)
        .select_for_update(of=("self",))
        .filter(submission=locked, organisation_id=organisation_id, decision=Endorsement.Decision.PENDING)
        .select_related("version")
        .first()
    )
    refusal = _waiting_refusal(locked, endorsement)
    if refusal is not None:
        raise refusal
    return endorsement


@transaction.atomic
def submission_endorse(*, submission, by, comment="", now=None) -> Submission:
    """The user's government endorses the submitted version; with the last endorsement the entry is endorsed."""
    now = now or timezone.now()
    locked = _lock(submission)
    endorsement = _pending_for(locked, by)
    _decision_window(locked, now)
    endorsement.decision = Endorsement.Decision.ENDORSED
    endorsement.comment = comment or ""
    endorsement.decided_by = by
    endorsement.decided_at = now
    save_with_history(endorsement, by=by)
    _trail(
        locked,
        action=SubmissionEvent.Action.ENDORSED,
        from_status=locked.status,
        by=by,
        now=now,
        comment=comment or "",
        version_number=endorsement.version.number,
    )
    outstanding = (
        unscoped(Endorsement).filter(version=endorsement.version).exclude(decision=Endorsement.Decision.ENDORSED)
    )
    if not outstanding.exists():
        from_status = locked.status
        locked.status = Submission.Status.ENDORSED
        save_with_history(locked, by=by, reason=_("Endorsed by every supervising government"))
        _trail(
            locked,
            action=SubmissionEvent.Action.FULLY_ENDORSED,
            from_status=from_status,
            by=by,
            now=now,
            version_number=endorsement.version.number,
        )
    submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_return(*, submission, by, comment, now=None) -> Submission:
    """The user's government returns the submitted entry with a comment: the body edits it and submits again.
    Only before the submission deadline (afterwards the entry is frozen and can only be endorsed)."""
    now = now or timezone.now()
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say what the promotion body should change.")]})
    locked = _lock(submission)
    endorsement = _pending_for(locked, by)
    if now >= locked.round.submission_closes:
        raise Refusal(
            _(
                "The submission deadline (%(deadline)s) has passed: the entry is frozen and could not be changed, "
                "so it can no longer be returned; endorse it or leave it unendorsed."
            )
            % {"deadline": _when(locked.round.submission_closes)},
            code="frozen",
        )
    endorsement.decision = Endorsement.Decision.RETURNED
    endorsement.comment = comment.strip()
    endorsement.decided_by = by
    endorsement.decided_at = now
    save_with_history(endorsement, by=by)
    unscoped(Endorsement).filter(version=endorsement.version, decision=Endorsement.Decision.PENDING).update(
        decision=Endorsement.Decision.WITHDRAWN
    )
    from_status = locked.status
    locked.status = Submission.Status.RETURNED
    save_with_history(locked, by=by, reason=_("Returned: %(comment)s") % {"comment": comment.strip()[:80]})
    _trail(
        locked,
        action=SubmissionEvent.Action.RETURNED,
        from_status=from_status,
        by=by,
        now=now,
        comment=comment.strip(),
        version_number=endorsement.version.number,
    )
    submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_mark_eligible(*, submission, by, comment="", now=None) -> Submission:
    """The ministry declares an endorsed entry eligible for review (refused once the round is frozen)."""
    now = now or timezone.now()
    locked = _lock(submission)
    require(by, "evaluations.decide_submission", locked)
    refuse_if_frozen(locked.round)
    _refuse(locked, "eligible")
    from_status = locked.status
    locked.status = Submission.Status.ELIGIBLE
    save_with_history(locked, by=by, reason=_("Declared eligible"))
    _trail(
        locked, action=SubmissionEvent.Action.ELIGIBLE, from_status=from_status, by=by, now=now, comment=comment or ""
    )
    submission.refresh_from_db()
    return submission
