"""Writes of the expert review: the expert pool's eligibility, declared conflicts of interest, the assignment of
experts to entries (automatic and manual), recusal, and the reviews themselves.

Conflicts of interest (one function, `conflicts`, computes them for many experts × clusters in four queries):

- **region**: the expert's region and one of the cluster's regions lie in the same prefecture-level division (the
  first four digits of the GB/T 2260 codes are equal); where either code is a province-level code (``xx0000``),
  the same province (first two digits) is enough;
- **affiliation**: the expert's affiliation, normalised (Unicode NFKC, lower case, without spaces and
  punctuation), equals or contains the normalised name (Chinese or English) of one of the cluster's members, when
  that name has at least four characters (so "东南大学电气工程学院" conflicts with the member "东南大学");
- **declared**: a `ConflictDeclaration` of the expert for the cluster exists (declared by the expert or the
  ministry).

Every state change locks its row (`select_for_update`) and records the history; a refusal by state or window raises
`Refusal` (an `Refusal`, so the API answers 409 with its code) and changes nothing; bad input raises a
field-level `ValidationError`.
"""

import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from clusters.models import ClusterRegion, Member
from evaluations.competitions.services import refuse_if_frozen
from evaluations.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Review,
    ReviewChange,
    ReviewScore,
    Round,
    Submission,
)
from evaluations.review import recusals
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.models import ExpertProfile
from tenancy.numbers import plain
from tenancy.scoping import unscoped

REGION = "region"
AFFILIATION = "affiliation"
DECLARED = "declared"
MIN_NAME_LENGTH = 4  # a member name shorter than this (normalised) never matches an affiliation by containment


def conflict_reason_label(code: str) -> str:
    return {
        REGION: _("based in one of the cluster's regions"),
        AFFILIATION: _("affiliated with a member of the cluster"),
        DECLARED: _("declared conflict"),
    }[code]


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


# Conflicts of interest ----------------------------------------------------------------------------------------------


def normalise_name(text: str) -> str:
    """NFKC, lower case, letters and digits only: "东南大学 (电气学院)" → "东南大学电气学院"."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in ("L", "N"))


def regions_conflict(expert_code: str, cluster_code: str) -> bool:
    if not expert_code or not cluster_code:
        return False
    if expert_code.endswith("0000") or cluster_code.endswith("0000"):
        return expert_code[:2] == cluster_code[:2]
    return expert_code[:4] == cluster_code[:4]


def _affiliation_keys(affiliation: str) -> set[str]:
    """Every substring of the normalised affiliation that is long enough to be a member's name."""
    text = normalise_name(affiliation)
    return {
        text[start:end]
        for start in range(len(text))
        for end in range(start + MIN_NAME_LENGTH, min(len(text), start + 200) + 1)
    }


def conflicts(*, expert_ids, cluster_ids) -> dict[tuple[int, int], list[str]]:
    """{(expert_id, cluster_id): [reason codes]} for every conflicted pair, in four queries whatever the sizes."""
    expert_ids, cluster_ids = set(expert_ids), set(cluster_ids)
    if not expert_ids or not cluster_ids:
        return {}
    experts = list(unscoped(ExpertProfile).filter(pk__in=expert_ids).values_list("pk", "region_id", "affiliation"))
    regions = defaultdict(list)
    for cluster_id, code in (
        unscoped(ClusterRegion).filter(cluster_id__in=cluster_ids).values_list("cluster_id", "region_id")
    ):
        regions[cluster_id].append(code)
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for expert_id, region_code, _affiliation in experts:
        for cluster_id in cluster_ids:
            if any(regions_conflict(region_code, code) for code in regions[cluster_id]):
                found[(expert_id, cluster_id)].append(REGION)
    keys = {expert_id: _affiliation_keys(affiliation) for expert_id, _region, affiliation in experts}
    wanted = set().union(*keys.values())
    clusters_by_name = defaultdict(set)
    if wanted:
        members = unscoped(Member).filter(cluster_id__in=cluster_ids).values_list("cluster_id", "name", "name_en")
        for cluster_id, name, name_en in members.iterator(chunk_size=5000):
            for text in (name, name_en):
                normalised = normalise_name(text)
                if normalised in wanted:
                    clusters_by_name[normalised].add(cluster_id)
    for expert_id, expert_keys in keys.items():
        matched = set()
        for key in expert_keys & clusters_by_name.keys():
            matched |= clusters_by_name[key]
        for cluster_id in matched:
            found[(expert_id, cluster_id)].append(AFFILIATION)
    for expert_id, cluster_id in (
        unscoped(ConflictDeclaration)
        .filter(expert_id__in=expert_ids, cluster_id__in=cluster_ids)
        .values_list("expert_id", "cluster_id")
    ):
        found[(expert_id, cluster_id)].append(DECLARED)
    return dict(found)


@transaction.atomic
def conflict_declare(*, expert, cluster, reason, by) -> ConflictDeclaration:
    """Declare that `expert` is conflicted with `cluster`. Open assignments of the expert to the cluster's entries
    (no submitted review) become recused, so the automatic assignment replaces them; submitted reviews are flagged
    (and left out of evaluation runs while the conflict lasts); the ministry is notified (`recusals`). Assignments
    of a frozen round (its result published) stay as they were: the declaration is recorded for a correction run
    to take into account."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the expert is conflicted.")]})
    if len(reason) > 200:
        raise ValidationError({"reason": [_("Keep the reason within 200 characters.")]})
    list(unscoped(ExpertProfile).select_for_update().filter(pk=expert.pk))
    if unscoped(ConflictDeclaration).filter(expert=expert, cluster=cluster).exists():
        raise ValidationError({"cluster": [_("This conflict is already declared.")]})
    declaration = ConflictDeclaration(expert=expert, cluster=cluster, reason=reason, declared_by=by)
    save_with_history(declaration, by=by)
    recusals.conflict_consequences_apply(
        expert=expert, reasons={cluster.pk: _("Declared conflict: %(reason)s") % {"reason": reason}}, by=by
    )
    return declaration


@transaction.atomic
def conflict_withdraw(*, declaration, by) -> None:
    """The ministry withdraws a declared conflict (recorded in the declaration's history). The flags it put on the
    expert's submitted reviews are cleared unless another conflict with the cluster remains; recusals stay."""
    declaration = unscoped(ConflictDeclaration).select_for_update().get(pk=declaration.pk)
    expert, cluster_id = declaration.expert, declaration.cluster_id
    declaration._history_user = by
    declaration.delete()
    remaining = conflicts(expert_ids=[expert.pk], cluster_ids=[cluster_id])
    recusals.flags_clear(expert=expert, cluster_ids=[cluster_id], still_conflicted={c for _e, c in remaining}, by=by)


def expert_profile_changed(*, profile, changed, by) -> None:
    """Registered in tenancy.experts.services.EXPERT_PROFILE_CHANGED: after a change of an expert's region or
    affiliation, conflicts with the clusters of the expert's assigned entries are checked again, and a conflict
    recuses the open assignments and flags the submitted reviews (`recusals`)."""
    if not {"region", "affiliation"} & set(changed):
        return
    clusters = set(
        unscoped(Assignment)
        .filter(expert_id=profile.pk, status=Assignment.Status.ASSIGNED)
        .values_list("submission__cluster_id", flat=True)
    )
    found = conflicts(expert_ids=[profile.pk], cluster_ids=clusters)
    reasons = {
        cluster_id: _("Conflict of interest after a change of the expert's profile: %(reasons)s")
        % {"reasons": "; ".join(conflict_reason_label(code) for code in codes)}
        for (_expert, cluster_id), codes in found.items()
    }
    recusals.conflict_consequences_apply(expert=profile, reasons=reasons, by=by)


# The expert pool -----------------------------------------------------------------------------------------------------


@transaction.atomic
def expert_set_eligibility(*, expert, eligible: bool, by) -> ExpertProfile:
    """The ministry's eligibility check: an ineligible expert gets no new assignment (existing ones stay)."""
    locked = unscoped(ExpertProfile).select_for_update().get(pk=expert.pk)
    if locked.is_eligible != bool(eligible):
        locked.is_eligible = bool(eligible)
        save_with_history(locked, by=by, reason=_("Declared eligible") if eligible else _("Declared not eligible"))
    expert.refresh_from_db()
    return expert


# Assignments ---------------------------------------------------------------------------------------------------------


def _ensure_review_not_closed(round_, now):
    if now >= round_.review_closes:
        raise Refusal(
            _("The review window of this round closed at %(closes)s.") % {"closes": _when(round_.review_closes)},
            code="window",
        )


@transaction.atomic
def assign_automatically(*, round, by, now=None) -> dict:
    """Give every eligible entry of the round `round.experts_per_entry` eligible, unconflicted experts.

    Greedy and deterministic: entries in id order; for each, candidates are ordered by (field of the entry's track
    among the expert's fields first, fewest active assignments in this round, expert id). Existing assignments are
    kept (re-running tops up, e.g. after a recusal); an expert who recused from an entry is never given it again.
    Returns {"created": n, "unfilled": [{"submission": id, "cluster": name, "assigned": k, "missing": m}]}."""
    now = now or timezone.now()
    round_ = unscoped(Round).select_for_update().get(pk=round.pk)  # one run per round at a time
    refuse_if_frozen(round_)
    _ensure_review_not_closed(round_, now)
    wanted = round_.experts_per_entry
    entries = list(
        unscoped(Submission)
        .filter(round=round_, status=Submission.Status.ELIGIBLE)
        .select_related("track", "cluster")
        .order_by("pk")
    )
    experts = list(
        unscoped(ExpertProfile)
        .filter(is_eligible=True, user__is_active=True)  # a deactivated expert gets no new assignment
        .prefetch_related("fields")
        .order_by("pk")
    )
    fields = {expert.pk: {field.pk for field in expert.fields.all()} for expert in experts}
    existing = list(
        unscoped(Assignment).filter(submission__round=round_).values_list("submission_id", "expert_id", "status")
    )
    taken = defaultdict(set)  # submission → every expert with an assignment (recused ones included)
    active = defaultdict(int)  # submission → active assignments
    load = defaultdict(int)  # expert → active assignments in this round
    for submission_id, expert_id, status in existing:
        taken[submission_id].add(expert_id)
        if status == Assignment.Status.ASSIGNED:
            active[submission_id] += 1
            load[expert_id] += 1
    conflicted = conflicts(expert_ids=fields.keys(), cluster_ids={entry.cluster_id for entry in entries})
    created, unfilled = [], []
    for entry in entries:
        need = wanted - active[entry.pk]
        if need <= 0:
            continue
        candidates = [
            expert
            for expert in experts
            if expert.pk not in taken[entry.pk] and (expert.pk, entry.cluster_id) not in conflicted
        ]
        field = entry.track.field_id
        candidates.sort(key=lambda expert: (field not in fields[expert.pk], load[expert.pk], expert.pk))
        for expert in candidates[:need]:
            created.append(
                Assignment(submission=entry, expert=expert, source=Assignment.Source.AUTOMATIC, assigned_by=by)
            )
            taken[entry.pk].add(expert.pk)
            load[expert.pk] += 1
        missing = need - len(candidates[:need])
        if missing:
            unfilled.append(
                {
                    "submission": entry.pk,
                    "cluster": entry.cluster.name,
                    "assigned": wanted - missing,
                    "missing": missing,
                }
            )
    if created:
        bulk_create_with_history(created, Assignment, batch_size=500, default_user=by)
    return {"created": len(created), "unfilled": unfilled, "experts_per_entry": wanted, "entries": len(entries)}


@transaction.atomic
def assignment_add(*, submission, expert, by, now=None) -> Assignment:
    """The ministry's manual override: assign `expert` to `submission`. Refused for a known conflict."""
    now = now or timezone.now()
    locked = unscoped(Submission).select_for_update(of=("self",)).select_related("round").get(pk=submission.pk)
    refuse_if_frozen(locked.round)
    _ensure_review_not_closed(locked.round, now)
    if locked.status != Submission.Status.ELIGIBLE:
        raise Refusal(_("Only an eligible entry is reviewed; this one is not eligible."), code="ineligible")
    expert = unscoped(ExpertProfile).select_for_update().get(pk=expert.pk)
    if not expert.is_eligible:
        raise Refusal(_("This expert has not passed the eligibility check."), code="ineligible")
    if not expert.user.is_active:
        raise Refusal(_("This expert is deactivated."), code="ineligible")
    reasons = conflicts(expert_ids=[expert.pk], cluster_ids=[locked.cluster_id]).get((expert.pk, locked.cluster_id))
    if reasons:
        raise Refusal(
            _("%(expert)s is conflicted with this entry's cluster: %(reasons)s.")
            % {"expert": expert, "reasons": "; ".join(conflict_reason_label(code) for code in reasons)},
            code="conflict",
        )
    previous = unscoped(Assignment).filter(submission=locked, expert=expert).first()
    if previous is not None:
        if previous.status == Assignment.Status.RECUSED:
            raise Refusal(_("This expert recused from this entry."), code="invalid_transition")
        raise ValidationError({"expert": [_("This expert is already assigned to this entry.")]})
    assignment = Assignment(submission=locked, expert=expert, source=Assignment.Source.MANUAL, assigned_by=by)
    save_with_history(assignment, by=by)
    return assignment


def _lock_assignment(assignment) -> Assignment:
    return (
        unscoped(Assignment)
        .select_for_update(of=("self",))
        .select_related("submission__round", "expert")
        .get(pk=assignment.pk)
    )


def _review_of(assignment) -> Review | None:
    return unscoped(Review).filter(assignment=assignment).first()


@transaction.atomic
def assignment_remove(*, assignment, by, now=None) -> None:
    """The ministry removes an assignment (with its draft review); one with a submitted review stays."""
    now = now or timezone.now()
    locked = _lock_assignment(assignment)
    refuse_if_frozen(locked.submission.round)
    _ensure_review_not_closed(locked.submission.round, now)
    review = _review_of(locked)
    if review is not None and review.status == Review.Status.SUBMITTED:
        raise Refusal(_("The expert has submitted the review: the assignment stays."))
    locked._history_user = by
    locked.delete()


@transaction.atomic
def assignment_recuse(*, assignment, reason, by, now=None) -> Assignment:
    """The expert withdraws from an entry with a reason; the ministry re-runs the automatic assignment to replace
    them."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why you recuse yourself.")]})
    if len(reason) > 200:
        raise ValidationError({"reason": [_("Keep the reason within 200 characters.")]})
    locked = _lock_assignment(assignment)
    refuse_if_frozen(locked.submission.round)
    if locked.status == Assignment.Status.RECUSED:
        raise Refusal(_("You have already recused yourself from this entry."))
    _ensure_review_not_closed(locked.submission.round, now)
    review = _review_of(locked)
    if review is not None and review.status == Review.Status.SUBMITTED:
        raise Refusal(_("The review is submitted: recusal is no longer possible."))
    locked.status = Assignment.Status.RECUSED
    locked.recusal_reason = reason
    save_with_history(locked, by=by, reason=_("Recused"))
    assignment.refresh_from_db()
    return assignment


# Reviews -------------------------------------------------------------------------------------------------------------


def review_window_state(round_, now) -> str:
    """before, open or closed (the review window)."""
    if now < round_.review_opens:
        return "before"
    if now < round_.review_closes:
        return "open"
    return "closed"


def _ensure_review_window(round_, now):
    state = review_window_state(round_, now)
    if state == "before":
        raise Refusal(_("The review window opens at %(opens)s.") % {"opens": _when(round_.review_opens)}, code="window")
    if state == "closed":
        _ensure_review_not_closed(round_, now)


def _clean_scores(scores, criteria) -> dict[int, Decimal]:
    by_id = {criterion.pk: criterion for criterion in criteria}
    cleaned, errors = {}, {}
    for key, value in (scores or {}).items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            errors[f"score_{key}"] = [_("Not an expert criterion of this round.")]
            continue
        criterion = by_id.get(criterion_id)
        if criterion is None:
            errors[f"score_{key}"] = [_("Not an expert criterion of this round.")]
            continue
        if value is None or value == "":
            continue
        try:
            score = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[f"score_{criterion_id}"] = [_("Enter a number.")]
            continue
        if not score.is_finite() or score < 0 or score > criterion.max_score:
            errors[f"score_{criterion_id}"] = [
                _("Enter a score between 0 and %(max)s.") % {"max": plain(criterion.max_score)}
            ]
        elif score != score.quantize(Decimal("0.01")):
            errors[f"score_{criterion_id}"] = [_("Use at most two decimal places.")]
        else:
            cleaned[criterion_id] = score
    if errors:
        raise ValidationError(errors)
    return cleaned


def expert_criteria(round_):
    return list(unscoped(Criterion).filter(round=round_, kind=Criterion.Kind.EXPERT).order_by("position", "pk"))


@transaction.atomic
def review_save(*, assignment, scores: dict, comments="", submit=False, by, now=None) -> Review:
    """Save the expert's review of an assigned entry: `scores` maps expert criteria of the round to a score in
    [0, max score] (the review's scores become exactly these). With `submit`, every expert criterion needs a
    score and the review is submitted; a submitted review may still be corrected (and stays submitted) until the
    review window closes. Only within the round's review window."""
    now = now or timezone.now()
    locked = _lock_assignment(assignment)
    round_ = locked.submission.round
    refuse_if_frozen(round_)
    if locked.status != Assignment.Status.ASSIGNED:
        raise Refusal(_("You recused yourself from this entry."))
    _ensure_review_window(round_, now)
    criteria = expert_criteria(round_)
    cleaned = _clean_scores(scores, criteria)
    comments = (comments or "").strip()
    if len(comments) > 10000:
        raise ValidationError({"comments": [_("Keep the comments within 10,000 characters.")]})
    review = unscoped(Review).select_for_update().filter(assignment=locked).first()
    submitting = submit or (review is not None and review.status == Review.Status.SUBMITTED)
    if submitting:
        unscored = [c for c in criteria if c.pk not in cleaned]
        missing = {f"score_{c.pk}": [_("Score this criterion before submitting.")] for c in unscored}
        if missing:
            raise ValidationError(missing)
    if review is None:
        review = Review(assignment=locked)
        old_scores, old_comments = {}, ""
    else:
        old_scores = dict(unscoped(ReviewScore).filter(review=review).values_list("criterion_id", "score"))
        old_comments = review.comments
    review.comments = comments
    if submitting:
        review.submitted_at = review.submitted_at if review.status == Review.Status.SUBMITTED else now
        review.status = Review.Status.SUBMITTED
    save_with_history(review, by=by, reason=_("Review submitted") if submit else _("Review saved"))
    unscoped(ReviewScore).filter(review=review).delete()
    unscoped(ReviewScore).bulk_create(
        [ReviewScore(review=review, criterion_id=criterion_id, score=score) for criterion_id, score in cleaned.items()]
    )
    _record_changes(review, locked, criteria, old_scores, cleaned, old_comments, by=by, now=now)
    return review


def _record_changes(review, assignment, criteria, old_scores, new_scores, old_comments, *, by, now) -> None:
    """The score trail: a `ReviewChange` per criterion whose score changed (in the rubric's order) and one for the
    comments if they changed, all at `now`."""
    common = {
        "review": review,
        "submission_id": assignment.submission_id,
        "expert_id": assignment.expert_id,
        "actor": by,
        "created": now,
    }
    order = [criterion.pk for criterion in criteria]
    order += sorted(set(old_scores) - set(order))  # a score of a criterion no longer in the rubric (none today)
    rows = [
        ReviewChange(criterion_id=pk, old_score=old_scores.get(pk), new_score=new_scores.get(pk), **common)
        for pk in order
        if old_scores.get(pk) != new_scores.get(pk)
    ]
    if old_comments != review.comments:
        rows.append(ReviewChange(old_comments=old_comments, new_comments=review.comments, **common))
    unscoped(ReviewChange).bulk_create(rows)
