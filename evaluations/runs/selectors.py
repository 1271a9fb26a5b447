"""Reads and visibility of evaluation runs and their results, and what a run counts: the reviews it leaves out
for a conflict of interest and the entries still short of submitted reviews."""

from django.db.models import Q

from clusters.profiles.selectors import in_jurisdiction
from evaluations.models import (
    Assignment,
    Criterion,
    PublicNotice,
    Review,
    Submission,
)
from evaluations.review.services import conflicts
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer


def evaluation_run_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


def result_visibility(viewer: Viewer) -> Q:
    """The ministry reads all; once the run's notice is final (the final result published), a promotion body reads
    its own clusters' entries' results and a local government those of clusters in its jurisdiction (notice part)."""
    if viewer.reads_everything:
        return Q()
    published = Q(run__notice__status=PublicNotice.Status.FINAL)
    if viewer.is_cluster_body:
        return published & Q(submission__cluster__promotion_body_id=viewer.organisation_id)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return published & in_jurisdiction(viewer.jurisdiction_prefix, "submission__cluster")
    return NOTHING


# Evaluation runs (runs part) -------------------------------------------------------------------------------------


def visible_runs():
    """Evaluation runs the viewer may see (the ministry's: `evaluation_run_visibility`), newest first."""
    from evaluations.models import EvaluationRun

    return EvaluationRun.objects.select_related("round__competition", "created_by", "correction_of", "notice").order_by(
        "-created", "-pk"
    )


def run_results(*, run):
    """A run's results in ranking order per track, with what a ranking row shows."""
    from evaluations.models import Result

    return (
        Result.objects.filter(run=run)
        .select_related("submission__cluster", "track__field")
        .defer("breakdown")
        .order_by("track__position", "track_id", "rank", "pk")
    )


def expert_names(*, ids) -> dict[int, str]:
    """The names of the experts with these profile ids, for a run's result breakdown (the ministry's)."""
    from tenancy.models import ExpertProfile

    return {profile.pk: str(profile) for profile in ExpertProfile.objects.filter(pk__in=ids).select_related("user")}


def run_criteria(*, run):
    return list(Criterion.objects.filter(round_id=run.round_id).select_related("indicator").order_by("position", "pk"))


# What a run counts (runs part) --------------------------------------------------------------------------------------


def review_exclusions(*, round_id) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """The submitted reviews a run of the round would count (assigned experts, eligible entries) whose expert is
    conflicted with the entry's cluster now (declared, region or affiliation: `review.services.conflicts`), as
    (review id, entry id, expert id, reason codes) in (entry, expert) order. At most five queries, whatever the
    number of reviews."""
    rows = list(
        unscoped(Review)
        .filter(
            status=Review.Status.SUBMITTED,
            assignment__status=Assignment.Status.ASSIGNED,
            assignment__submission__round_id=round_id,
            assignment__submission__status=Submission.Status.ELIGIBLE,
        )
        .order_by("assignment__submission_id", "assignment__expert_id")
        .values_list("pk", "assignment__submission_id", "assignment__expert_id", "assignment__submission__cluster_id")
    )
    found = conflicts(expert_ids={row[2] for row in rows}, cluster_ids={row[3] for row in rows})
    return [
        (review, entry, expert, tuple(found[(expert, cluster)]))
        for review, entry, expert, cluster in rows
        if (expert, cluster) in found
    ]


def expert_names_unscoped(ids) -> dict[int, str]:
    """Expert names for a run's records (read as the system: a run is computed outside any request)."""
    from tenancy.models import ExpertProfile

    if not ids:
        return {}
    return {profile.pk: str(profile) for profile in unscoped(ExpertProfile).filter(pk__in=ids).select_related("user")}


def reviews_outstanding(*, round_) -> list[dict]:
    """The round's eligible entries with fewer counting reviews than its minimum (`Round.required_reviews`); a
    review counts when it is submitted, its expert is assigned (not recused) and not conflicted with the entry's
    cluster now. Per entry, in entry order: {"entry", "cluster" (None in a blind round: entries go by number),
    "submitted" (the counting reviews), "required", "experts": [{"expert", "name", "state" (not_started, draft or
    excluded), "reasons" (conflict codes of an excluded review)}], "unassigned" (experts still to assign to reach
    the minimum)}. A constant number of queries."""
    required = round_.required_reviews
    entries = list(
        unscoped(Submission)
        .filter(round_id=round_.pk, status=Submission.Status.ELIGIBLE)
        .order_by("pk")
        .values_list("pk", "cluster__name")
    )
    if not entries:
        return []
    assignments = list(
        unscoped(Assignment)
        .filter(
            submission__round_id=round_.pk,
            submission__status=Submission.Status.ELIGIBLE,
            status=Assignment.Status.ASSIGNED,
        )
        .order_by("submission_id", "expert_id")
        .values_list("submission_id", "expert_id", "review__status")
    )
    excluded = {(entry, expert): reasons for _review, entry, expert, reasons in review_exclusions(round_id=round_.pk)}
    names = expert_names_unscoped({expert for _entry, expert, _status in assignments})
    by_entry = {pk: {"counting": 0, "experts": []} for pk, _name in entries}
    for entry, expert, status in assignments:
        row = by_entry[entry]
        if status == Review.Status.SUBMITTED and (entry, expert) not in excluded:
            row["counting"] += 1
            continue
        state = "excluded" if status == Review.Status.SUBMITTED else status or "not_started"
        row["experts"].append(
            {
                "expert": expert,
                "name": names.get(expert, f"#{expert}"),
                "state": state,
                "reasons": list(excluded.get((entry, expert), ())),
            }
        )
    outstanding = []
    for pk, cluster_name in entries:
        row = by_entry[pk]
        if row["counting"] >= required:
            continue
        pending = sum(1 for expert in row["experts"] if expert["state"] != "excluded")
        outstanding.append(
            {
                "entry": pk,
                "cluster": None if round_.blind_review else cluster_name,
                "submitted": row["counting"],
                "required": required,
                "experts": row["experts"],
                "unassigned": max(0, required - row["counting"] - pending),
            }
        )
    return outstanding


# Work queues (evaluations/work.py) ---------------------------------------------------------------------------------


def runs_to_publish():
    """The latest succeeded run of each round when it proposes a winner (a result advances) and has no published
    notice yet (none, or a draft): the ministry's next step is its public notice. A frozen round's latest run is
    the published one unless a correction followed it, so only a correction shows there. Oldest first."""
    from django.db.models import Exists, OuterRef, Q

    from evaluations.models import EvaluationRun, PublicNotice, Result

    later = EvaluationRun.objects.filter(
        round_id=OuterRef("round_id"), status=EvaluationRun.Status.SUCCEEDED, pk__gt=OuterRef("pk")
    )
    advancing = Result.objects.filter(run_id=OuterRef("pk"), advanced=True)
    return (
        visible_runs()
        .filter(status=EvaluationRun.Status.SUCCEEDED)
        .filter(~Exists(later), Exists(advancing))
        .filter(Q(notice__isnull=True) | Q(notice__status=PublicNotice.Status.DRAFT))
        .order_by("finished", "pk")
    )
