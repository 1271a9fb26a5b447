"""Writes of the competitions: competitions, tracks, rounds and rubrics (the ministry), entries (promotion bodies),
endorsements (local governments) and eligibility (the ministry).

Every entry transition locks the entry row (`select_for_update`), checks the state and the round's windows at
`now` (server time; pass `now=` to decide at another instant), writes, records the history (django-simple-history)
and the visible trail (`SubmissionEvent`). A refused transition raises `EntryRefused` and changes nothing.

Status of an entry: draft → submitted → endorsed (every supervising government endorsed the submitted version)
→ eligible (the ministry). Any supervising government may return a submitted entry with a comment (→ returned);
the body edits it and submits again (a new version, new endorsements). After the round's submission deadline the
entry is frozen: no write of the body is accepted, and a government can no longer return it (only endorse it).
"""

import hashlib
import logging
import os
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster
from clusters.observations import EVIDENCE_TYPES
from tenancy.history import save_with_history
from tenancy.scoping import unscoped
from tenancy.uploads import check_upload, delete_after_commit
from tenancy.visibility import Viewer

from .models import (
    SECTION_KEYS,
    SECTION_MAX_CHARS,
    ClaimedValue,
    Competition,
    Criterion,
    Dimension,
    Endorsement,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    Track,
)
from .selectors import supervising_governments

logger = logging.getLogger(__name__)

DEFAULT_EVIDENCE_MAX_MB = 20


class EntryRefused(Exception):
    """A write the entry's state or the round's windows do not allow. `code`: invalid_transition, frozen,
    window (outside a window), stale (an older revision), incomplete (missing sections or values)."""

    def __init__(self, message, code="invalid_transition"):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


def evidence_max_bytes() -> int:
    return int(getattr(settings, "COMPETITION_EVIDENCE_MAX_MB", DEFAULT_EVIDENCE_MAX_MB)) * 1024 * 1024


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


# The notification hook ------------------------------------------------------------------------------------------


def entry_decision_recorded(*, event: SubmissionEvent) -> None:
    """Called after every decision on an entry (submitted, endorsed, returned, eligible), inside the transaction:
    the organisations concerned are notified in the app (evaluations/entry_notifications.py)."""
    from . import entry_notifications

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


# Competitions ---------------------------------------------------------------------------------------------------


def _validate_competition(*, year, name, endorsement_level, exclude_pk=None):
    errors = {}
    if year is None or not 2019 <= int(year) <= 2100:
        errors["year"] = [_("Enter a year between 2019 and 2100.")]
    if not (name or "").strip():
        errors["name"] = [_("Enter a name.")]
    elif unscoped(Competition).filter(name=name.strip()).exclude(pk=exclude_pk).exists():
        errors["name"] = [_("A competition with this name exists.")]
    if endorsement_level not in Competition.EndorsementLevel.values:
        errors["endorsement_level"] = [_("Choose provincial or prefecture-level governments.")]
    if errors:
        raise ValidationError(errors)


def _set_tracks(competition, fields):
    fields = list(dict.fromkeys(fields))
    keep = {f.pk for f in fields}
    dropped = unscoped(Track).filter(competition=competition).exclude(field_id__in=keep)
    if unscoped(Submission).filter(track__in=dropped).exists():
        raise ValidationError({"fields": [_("A track that has entries cannot be removed.")]})
    dropped.delete()
    for position, field in enumerate(fields):
        unscoped(Track).update_or_create(competition=competition, field=field, defaults={"position": position})


@transaction.atomic
def competition_create(
    *, year, name, name_en="", description="", endorsement_level=Competition.EndorsementLevel.PROVINCE, fields=(), by
) -> Competition:
    _validate_competition(year=year, name=name, endorsement_level=endorsement_level)
    competition = Competition(
        year=year,
        name=name.strip(),
        name_en=name_en or "",
        description=description or "",
        endorsement_level=endorsement_level,
    )
    save_with_history(competition, by=by)
    _set_tracks(competition, fields)
    return competition


@transaction.atomic
def competition_update(*, competition, by, fields=None, **changes) -> Competition:
    """Change the given attributes (year, name, name_en, description, endorsement_level) and, if given, the
    tracks (industry fields, in order)."""
    competition = unscoped(Competition).select_for_update().get(pk=competition.pk)
    for attribute in ("year", "name", "name_en", "description", "endorsement_level"):
        if changes.get(attribute) is not None:
            setattr(competition, attribute, changes[attribute])
    if (
        changes.get("endorsement_level") is not None
        and unscoped(Submission).filter(round__competition=competition, submitted_at__isnull=False).exists()
        and unscoped(Competition).get(pk=competition.pk).endorsement_level != competition.endorsement_level
    ):
        raise ValidationError(
            {"endorsement_level": [_("Entries have been submitted: the endorsing governments can no longer change.")]}
        )
    _validate_competition(
        year=competition.year,
        name=competition.name,
        endorsement_level=competition.endorsement_level,
        exclude_pk=competition.pk,
    )
    competition.name = competition.name.strip()
    save_with_history(competition, by=by)
    if fields is not None:
        _set_tracks(competition, fields)
    return competition


@transaction.atomic
def competition_publish(*, competition, by) -> Competition:
    """Publish: local governments and promotion bodies see it and may enter. Needs a track, a round, and a
    rubric per round whose weights sum to 100."""
    competition = unscoped(Competition).select_for_update().get(pk=competition.pk)
    if competition.status == Competition.Status.PUBLISHED:
        raise EntryRefused(_("The competition is already published."))
    problems = []
    if not unscoped(Track).filter(competition=competition).exists():
        problems.append(_("Add at least one track."))
    rounds = list(unscoped(Round).filter(competition=competition).order_by("position"))
    if not rounds:
        problems.append(_("Add at least one round."))
    for round_ in rounds:
        total = sum((c.weight for c in unscoped(Criterion).filter(round=round_)), Decimal(0))
        if total != 100:
            problems.append(
                _("The rubric of %(round)s sums to %(total)s, not 100.") % {"round": round_.name, "total": total}
            )
    if problems:
        raise ValidationError({"non_field_errors": problems})
    competition.status = Competition.Status.PUBLISHED
    save_with_history(competition, by=by, reason=_("Published"))
    return competition


@transaction.atomic
def competition_delete(*, competition, by) -> None:
    if competition.status != Competition.Status.DRAFT:
        raise EntryRefused(_("A published competition cannot be deleted."))
    if unscoped(Submission).filter(round__competition=competition).exists():
        raise EntryRefused(_("A competition with entries cannot be deleted."))
    competition._history_user = by
    competition.delete()


# Rounds ---------------------------------------------------------------------------------------------------------


def _validate_round(values, *, competition, exclude_pk=None):
    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Enter a name, e.g. 小组赛 or 初赛.")]
    for key in ("submission_opens", "submission_closes", "review_opens", "review_closes"):
        if values.get(key) is None:
            errors[key] = [_("Enter a date and time.")]
    if not errors:
        if values["submission_closes"] <= values["submission_opens"]:
            errors["submission_closes"] = [_("The submission deadline comes after the opening.")]
        if values["review_opens"] < values["submission_closes"]:
            errors["review_opens"] = [_("The review opens at or after the submission deadline.")]
        if values["review_closes"] <= values["review_opens"]:
            errors["review_closes"] = [_("The review closes after it opens.")]
    rule = values.get("advancement_rule")
    if rule == Round.AdvancementRule.TOP_N:
        if not values.get("advance_top_n") or values["advance_top_n"] < 1:
            errors["advance_top_n"] = [_("Enter how many entries per track advance (at least 1).")]
    elif rule == Round.AdvancementRule.THRESHOLD:
        threshold = values.get("advance_threshold")
        if threshold is None or not Decimal(0) < Decimal(threshold) <= Decimal(100):
            errors["advance_threshold"] = [_("Enter a score threshold above 0 and at most 100.")]
    else:
        errors["advancement_rule"] = [_("Choose top N per track or a score threshold.")]
    position = values.get("position")
    if position is not None and (
        unscoped(Round).filter(competition=competition, position=position).exclude(pk=exclude_pk).exists()
    ):
        errors["position"] = [_("The competition already has a round in this position.")]
    if errors:
        raise ValidationError(errors)


ROUND_FIELDS = (
    "position",
    "name",
    "name_en",
    "submission_opens",
    "submission_closes",
    "review_opens",
    "review_closes",
    "advancement_rule",
    "advance_top_n",
    "advance_threshold",
)


@transaction.atomic
def round_create(*, competition, by, **values) -> Round:
    if values.get("position") is None:
        last = unscoped(Round).filter(competition=competition).order_by("-position").first()
        values["position"] = (last.position + 1) if last else 1
    _validate_round(values, competition=competition)
    round_ = Round(competition=competition, **{k: values.get(k) for k in ROUND_FIELDS if k in values})
    round_.name_en = round_.name_en or ""
    _tidy_rule(round_)
    save_with_history(round_, by=by)
    return round_


@transaction.atomic
def round_update(*, round, by, **changes) -> Round:
    round_ = unscoped(Round).select_for_update().get(pk=round.pk)
    values = {k: getattr(round_, k) for k in ROUND_FIELDS}
    values.update({k: v for k, v in changes.items() if k in ROUND_FIELDS and v is not None})
    if "advance_threshold" in changes and changes["advance_threshold"] is None:
        values["advance_threshold"] = None
    if "advance_top_n" in changes and changes["advance_top_n"] is None:
        values["advance_top_n"] = None
    _validate_round(values, competition=round_.competition, exclude_pk=round_.pk)
    for key, value in values.items():
        setattr(round_, key, value)
    round_.name_en = round_.name_en or ""
    _tidy_rule(round_)
    save_with_history(round_, by=by)
    return round_


def _tidy_rule(round_):
    if round_.advancement_rule == Round.AdvancementRule.TOP_N:
        round_.advance_threshold = None
    else:
        round_.advance_top_n = None


@transaction.atomic
def round_delete(*, round, by) -> None:
    if unscoped(Submission).filter(round=round).exists():
        raise EntryRefused(_("A round with entries cannot be deleted."))
    round._history_user = by
    round.delete()


# Rubrics --------------------------------------------------------------------------------------------------------


def rubric_locked(round) -> bool:
    """A round's rubric is fixed once one of its entries has been submitted."""
    return unscoped(Submission).filter(round=round, submitted_at__isnull=False).exists()


def _decimal(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def validate_rubric(criteria: list[dict]) -> None:
    """The domain rules of a rubric as a whole; raises a ValidationError with the messages per field
    (`weight` for the sum, `criteria` for the rows)."""
    rows, total = [], Decimal(0)
    indicators_seen = set()
    if not criteria:
        raise ValidationError({"criteria": [_("A rubric has at least one criterion.")]})
    for number, item in enumerate(criteria, start=1):
        label = (item.get("name") or "").strip() or f"#{number}"
        prefix = _("Criterion %(number)d (%(name)s): ") % {"number": number, "name": label}
        if not (item.get("name") or "").strip():
            rows.append(prefix + _("enter a name."))
        weight = _decimal(item.get("weight"))
        if weight is None or weight <= 0 or weight > 100:
            rows.append(prefix + _("the weight is more than 0 and at most 100."))
        else:
            total += weight
        max_score = _decimal(item.get("max_score", 100))
        if max_score is None or max_score <= 0:
            rows.append(prefix + _("the maximum score must be more than 0."))
        kind = item.get("kind")
        indicator = item.get("indicator")
        if kind == Criterion.Kind.INDICATOR:
            if indicator is None:
                rows.append(prefix + _("an indicator criterion names the indicator it is computed from."))
            elif indicator.pk in indicators_seen:
                rows.append(prefix + _("the indicator is already used by another criterion of this round."))
            else:
                indicators_seen.add(indicator.pk)
        elif kind == Criterion.Kind.EXPERT:
            if indicator is not None:
                rows.append(prefix + _("an expert criterion is scored by reviewers and names no indicator."))
        else:
            rows.append(prefix + _("choose expert or indicator."))
        if item.get("dimension") not in Dimension.values:
            rows.append(prefix + _("choose one of the six formation mechanisms as its dimension."))
    errors = {}
    if rows:
        errors["criteria"] = rows
    if total != 100:
        errors["weight"] = [
            _("The weights sum to %(total)s; they must sum to exactly 100.") % {"total": format(total.normalize(), "f")}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rubric_replace(*, round, criteria: list[dict], by) -> list[Criterion]:
    """Replace the round's rubric as a whole. Each item: name, name_en, description, kind, weight, max_score,
    indicator (an Indicator or None), dimension, and `id` to keep an existing criterion. Criteria left out are
    deleted. Refused once an entry of the round has been submitted."""
    round_ = unscoped(Round).select_for_update().get(pk=round.pk)
    if rubric_locked(round_):
        raise EntryRefused(_("Entries of this round have been submitted: its rubric can no longer change."))
    validate_rubric(criteria)
    existing = {c.pk: c for c in unscoped(Criterion).filter(round=round_)}
    kept = []
    for position, item in enumerate(criteria):
        criterion = existing.get(item.get("id")) or Criterion(round=round_)
        criterion.position = position
        criterion.name = item["name"].strip()
        criterion.name_en = (item.get("name_en") or "").strip()
        criterion.description = item.get("description") or ""
        criterion.kind = item["kind"]
        criterion.weight = _decimal(item["weight"])
        criterion.max_score = _decimal(item.get("max_score", 100))
        criterion.indicator = item.get("indicator") if item["kind"] == Criterion.Kind.INDICATOR else None
        criterion.dimension = item["dimension"]
        kept.append(criterion)
    for pk, criterion in existing.items():
        if pk not in {c.pk for c in kept if c.pk}:
            criterion._history_user = by
            criterion.delete()
    for criterion in kept:
        save_with_history(criterion, by=by)
    return kept


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


def _ensure_writable(submission, now):
    if not submission.is_editable_status:
        raise EntryRefused(
            _("The entry is %(status)s: it can be changed only after a government returns it.")
            % {"status": submission.get_status_display()},
            code="invalid_transition",
        )
    if now >= submission.round.submission_closes:
        raise EntryRefused(
            _("The submission deadline (%(deadline)s) has passed: the entry is frozen and cannot be changed.")
            % {"deadline": _when(submission.round.submission_closes)},
            code="frozen",
        )


def _ensure_revision(submission, revision):
    if revision is not None and int(revision) != submission.revision:
        raise EntryRefused(
            _(
                "The entry was changed elsewhere (another tab or another colleague) since you opened it: your "
                "revision is %(yours)s, the saved one is %(saved)s. Reload the page to see the latest text."
            )
            % {"yours": revision, "saved": submission.revision},
            code="stale",
        )


@transaction.atomic
def submission_create(*, round, cluster: Cluster, by, now=None) -> Submission:
    """Start the cluster's entry in the round (a draft). Refused after the round's submission deadline."""
    now = now or timezone.now()
    if not unscoped(Competition).filter(pk=round.competition_id, status=Competition.Status.PUBLISHED).exists():
        raise ValidationError({"round": [_("The competition is not published.")]})
    if now >= round.submission_closes:
        raise EntryRefused(
            _("The submission deadline (%(deadline)s) has passed: no new entries.")
            % {"deadline": _when(round.submission_closes)},
            code="frozen",
        )
    track = _track_for(round, cluster)
    if unscoped(Submission).filter(round=round, cluster=cluster).exists():
        raise ValidationError({"cluster": [_("This cluster already has an entry in this round.")]})
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
    _ensure_writable(locked, now)
    _ensure_revision(locked, revision)
    merged = {key: locked.sections.get(key, "") for key in SECTION_KEYS}
    merged.update(cleaned)
    if merged != locked.sections:
        locked.sections = merged
        locked.revision += 1
        save_with_history(locked, by=by)
    submission.refresh_from_db()
    return submission


def evidence_check(upload) -> dict:
    """Refuse an evidence file that is too large, of another type, or whose content is not what its extension
    says (magic bytes; XLSX and DOCX must be the right kind of OOXML archive). Returns its metadata."""
    content_type = check_upload(
        upload,
        field="evidence",
        types=EVIDENCE_TYPES,
        max_bytes=evidence_max_bytes(),
        not_accepted=_("Upload a PDF, XLSX, DOCX, PNG or JPEG file (%(ext)s is not accepted)."),
    )
    name = os.path.basename(upload.name)
    extension = os.path.splitext(name)[1].lower()
    size = upload.size
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"name": name[-255:], "size": size, "type": content_type, "sha256": digest.hexdigest(), "ext": extension}


def _stored_name(extension):
    return f"evidence{extension}"


def _remove_file_after_commit(name):
    delete_after_commit(ClaimedValue._meta.get_field("evidence").storage, name)


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
    if len(note or "") > 200:
        errors["note"] = [_("At most 200 characters.")]
    if errors:
        raise ValidationError(errors)
    metadata = evidence_check(evidence) if evidence else None
    locked = _lock(submission)
    _ensure_writable(locked, now)
    _ensure_revision(locked, revision)
    claimed = unscoped(ClaimedValue).filter(submission=locked, criterion=criterion).first()
    claimed = claimed or ClaimedValue(submission=locked, criterion=criterion)
    old_file = claimed.evidence.name if claimed.pk else ""
    claimed.value = number
    claimed.note = note or ""
    if metadata:
        evidence.name = _stored_name(metadata["ext"])
        claimed.evidence = evidence
        claimed.evidence_name = metadata["name"]
        claimed.evidence_size = metadata["size"]
        claimed.evidence_type = metadata["type"]
        claimed.evidence_sha256 = metadata["sha256"]
    save_with_history(claimed, by=by)
    if metadata and old_file and old_file != claimed.evidence.name and not _in_a_version(locked, old_file):
        _remove_file_after_commit(old_file)
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
    from .models import SECTIONS

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
                "value": format(c.value.normalize(), "f"),
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
    if not locked.is_editable_status:
        raise EntryRefused(
            _("Only a draft or returned entry can be submitted; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    round_ = locked.round
    if now < round_.submission_opens:
        raise EntryRefused(
            _("Submission opens on %(opens)s.") % {"opens": _when(round_.submission_opens)}, code="window"
        )
    _ensure_writable(locked, now)
    _ensure_revision(locked, revision)
    missing = _completeness(locked)
    if missing:
        raise EntryRefused(" ".join(missing), code="incomplete")
    competition = round_.competition
    governments = supervising_governments(cluster=locked.cluster, level=competition.endorsement_level)
    if not governments:
        raise EntryRefused(
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
        raise EntryRefused(
            _("The review of this round opened on %(opens)s: endorsements are closed.")
            % {"opens": _when(review_opens)},
            code="window",
        )


def _pending_for(locked, by):
    organisation_id = _organisation_id(by)
    endorsement = (
        unscoped(Endorsement)
        .select_for_update(of=("self",))
        .filter(submission=locked, organisation_id=organisation_id, decision=Endorsement.Decision.PENDING)
        .select_related("version")
        .first()
    )
    if locked.status != Submission.Status.SUBMITTED or endorsement is None:
        raise EntryRefused(
            _("This entry is %(status)s and is not waiting for your government's decision.")
            % {"status": locked.get_status_display()}
        )
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
        raise EntryRefused(
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
    """The ministry declares an endorsed entry eligible for review."""
    now = now or timezone.now()
    locked = _lock(submission)
    if locked.status != Submission.Status.ENDORSED:
        raise EntryRefused(
            _("Only an endorsed entry can be declared eligible; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    from_status = locked.status
    locked.status = Submission.Status.ELIGIBLE
    save_with_history(locked, by=by, reason=_("Declared eligible"))
    _trail(
        locked, action=SubmissionEvent.Action.ELIGIBLE, from_status=from_status, by=by, now=now, comment=comment or ""
    )
    submission.refresh_from_db()
    return submission
