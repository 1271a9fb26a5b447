"""What a conflict of interest that comes to light after the assignment does to an expert's work on a cluster's
entries: every open assignment (no submitted review) is recused with the reason, every submitted review is flagged
with the reason (an evaluation run leaves it out while the conflict lasts: `evaluations.runs.execution`), and the
ministry is notified. Called inside the transaction of the write that found the conflict: a declaration
(`services.conflict_declare`) or a change of the expert's region or affiliation (`services.expert_profile_changed`).
Withdrawing a declaration clears the flags it caused when no other conflict remains (`flags_clear`); a recusal
stays."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.competitions.selectors import frozen_round_ids
from evaluations.models import Assignment, Review
from evaluations.review.notifications import notify_conflict_found
from tenancy.history import save_with_history
from tenancy.scoping import unscoped

FLAG_REASON_MAX = 300
RECUSAL_REASON_MAX = 200


def conflict_consequences_apply(*, expert, reasons: dict, by, now=None) -> dict:
    """`reasons` maps each conflicted cluster's id to the reason the recusals and flags state. Returns
    {"recused": [assignment ids], "flagged": [review ids]}; nothing is written (or notified) when neither."""
    now = now or timezone.now()
    if not reasons:
        return {"recused": [], "flagged": []}
    assignments = list(
        unscoped(Assignment)
        .select_for_update(of=("self",))
        .filter(expert=expert, submission__cluster_id__in=list(reasons), status=Assignment.Status.ASSIGNED)
        .exclude(submission__round_id__in=frozen_round_ids())  # a published result's reviews stay as they were
        .select_related("submission__cluster")
        .order_by("pk")
    )
    cluster_of = {assignment.pk: assignment.submission.cluster_id for assignment in assignments}
    submitted = {
        review.assignment_id: review
        for review in unscoped(Review)
        .select_for_update()
        .filter(assignment_id__in=list(cluster_of), status=Review.Status.SUBMITTED)
    }
    recused, flagged, touched = [], [], []
    for assignment in assignments:
        reason = str(reasons[cluster_of[assignment.pk]])
        review = submitted.get(assignment.pk)
        if review is None:
            assignment.status = Assignment.Status.RECUSED
            assignment.recusal_reason = reason[:RECUSAL_REASON_MAX]
            save_with_history(assignment, by=by, reason=_("Recused: conflict of interest"))
            recused.append(assignment)
            touched.append(assignment)
        elif not review.conflict_flagged:
            review.conflict_flagged = True
            review.conflict_flag_reason = reason[:FLAG_REASON_MAX]
            review.conflict_flagged_at = now
            save_with_history(review, by=by, reason=_("Flagged: conflict of interest"))
            flagged.append(review)
            touched.append(assignment)
    if recused or flagged:
        clusters = {assignment.submission.cluster_id: assignment.submission.cluster.name for assignment in touched}
        notify_conflict_found(
            expert=expert,
            clusters=[clusters[pk] for pk in sorted(clusters)],
            reasons=sorted({str(reasons[pk]) for pk in clusters}),
            recused=len(recused),
            flagged=len(flagged),
            actor=by,
            link=reverse("entry-reviews", args=[touched[0].submission_id]),
        )
    return {"recused": [a.pk for a in recused], "flagged": [r.pk for r in flagged]}


def flags_clear(*, expert, cluster_ids, still_conflicted, by) -> list[int]:
    """Clear the conflict flags of the expert's submitted reviews of these clusters' entries, except where the
    expert is still conflicted with the cluster (`still_conflicted`: a set of cluster ids). Returns the reviews'
    ids."""
    reviews = list(
        unscoped(Review)
        .select_for_update(of=("self",))
        .filter(
            assignment__expert=expert,
            assignment__submission__cluster_id__in=[c for c in cluster_ids if c not in still_conflicted],
            conflict_flagged=True,
        )
        .order_by("pk")
    )
    for review in reviews:
        review.conflict_flagged = False
        review.conflict_flag_reason = ""
        review.conflict_flagged_at = None
        save_with_history(review, by=by, reason=_("Flag cleared: no conflict of interest remains"))
    return [review.pk for review in reviews]
