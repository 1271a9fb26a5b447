"""Reads and visibility of the expert review: the expert pool, conflicts of interest, assignments and reviews."""

from django.db.models import Count, Prefetch, Q

from evaluations.models import (
    Review,
    Submission,
)
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

# Review, runs and notices (first cut: the ministry reads all, experts their own assignments) --------------------


def conflict_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(expert__user_id=viewer.user_id)
    return NOTHING


def assignment_visibility(viewer: Viewer) -> Q:
    """The ministry reads every assignment; an expert their own (recused ones included)."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(expert__user_id=viewer.user_id)
    return NOTHING


def review_visibility(viewer: Viewer) -> Q:
    """The ministry reads every review; an expert only their own, even after the review window closes (another
    expert's review stays the ministry's)."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(assignment__expert__user_id=viewer.user_id)
    return NOTHING


def review_change_visibility(viewer: Viewer) -> Q:
    """The score trail is the ministry's: never the experts' (not even their own review's) nor the entrants'."""
    return Q() if viewer.reads_everything else NOTHING


def review_child_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    return Q(review__in=Review.objects.values("pk"))


# Expert review (experts, conflicts, assignments, reviews) ----------------------------------------------------------


def _active_assignments(viewer: Viewer):
    from evaluations.models import Assignment

    return unscoped(Assignment).filter(expert__user_id=viewer.user_id, status=Assignment.Status.ASSIGNED)


def expert_entries(viewer: Viewer) -> Q:
    """An expert reads the entries assigned to them (not those they recused from)."""
    return Q(pk__in=_active_assignments(viewer).values("submission_id"))


def expert_competitions(viewer: Viewer) -> Q:
    """…and the competitions of those entries (with their tracks, rounds and rubrics)."""
    return Q(pk__in=_active_assignments(viewer).values("submission__round__competition_id"))


def expert_cluster_grant(viewer: Viewer) -> Q:
    """Appended to clusters.profiles.selectors.EXPERT_CLUSTER_GRANTS: an expert reads the clusters of their
    assigned entries, except in a blind review (the cluster page names the promotion body and the members)."""
    assigned = _active_assignments(viewer).filter(submission__round__blind_review=False)
    return Q(pk__in=assigned.values("submission__cluster_id"))


def claimed_value_visibility(viewer: Viewer) -> Q:
    """Claimed values (with their evidence) are visible with their entry, to its assigned experts too."""
    if viewer.is_system:
        return Q()
    return Q(submission__in=Submission.objects.values("pk"))


def expert_pool():
    """The expert pool (the ministry reads every profile), with what a list row shows."""
    from tenancy.models import ExpertProfile

    return (
        ExpertProfile.objects.select_related("user", "region")
        .prefetch_related("fields")
        .annotate(
            active_assignments=Count("assignments", filter=Q(assignments__status="assigned"), distinct=True),
            declared_conflict_count=Count("declared_conflicts", distinct=True),
        )
        .order_by("user__username", "pk")
    )


def declarable_clusters(*, named_only=False):
    """Clusters a conflict can be declared with: those with an eligible entry, and the public register. An expert
    declares before any entry is assigned, so this reads beyond the viewer's clusters (names only are shown).
    `named_only` (an expert's list): without the clusters whose eligible entries are all in blind rounds, which an
    expert declares through an entry assigned to them (`declarable_entries`), never by name."""
    from clusters.models import Cluster
    from evaluations.models import Submission

    eligible = unscoped(Submission).filter(status=Submission.Status.ELIGIBLE)
    if named_only:
        eligible = eligible.filter(round__blind_review=False)
    return unscoped(Cluster).filter(
        Q(pk__in=eligible.values("cluster_id")) | Q(is_public=True, tier__in=Cluster.PUBLIC_TIERS)
    )


def declarable_entries(user):
    """The entries assigned to the expert `user` (not recused): a conflict with one of them is declared through the
    entry, named by its code in a blind round."""
    from evaluations.models import Assignment

    assigned = unscoped(Assignment).filter(expert__user_id=user.pk, status=Assignment.Status.ASSIGNED)
    return (
        unscoped(Submission)
        .filter(pk__in=assigned.values("submission_id"))
        .select_related("round", "cluster")
        .order_by("round_id", "pk")
    )


def blind_entries_by_cluster(user) -> dict:
    """{cluster id: [entries]} of the blind-round entries the expert `user` was ever assigned (recused ones too):
    a declared conflict with such a cluster is shown to them by the entries' codes, never the cluster's name."""
    from evaluations.models import Assignment

    rows = (
        unscoped(Assignment)
        .filter(expert__user_id=user.pk, submission__round__blind_review=True)
        .select_related("submission__round", "submission__cluster__promotion_body")
        .order_by("submission_id")
    )
    found: dict = {}
    for assignment in rows:
        found.setdefault(assignment.submission.cluster_id, []).append(assignment.submission)
    return found


def expert_profile_of(user):
    from tenancy.models import ExpertProfile

    return unscoped(ExpertProfile).filter(user_id=user.pk).select_related("region").first()


def visible_conflicts():
    from evaluations.models import ConflictDeclaration

    return ConflictDeclaration.objects.select_related("expert__user", "cluster", "declared_by").order_by(
        "-created", "-pk"
    )


def visible_assignments():
    """Assignments the viewer may read, with the entry, the expert and the review's status."""
    from evaluations.models import Assignment

    return Assignment.objects.select_related(
        "submission__round__competition",
        "submission__track__field",
        "submission__cluster__promotion_body",
        "expert__user",
        "review",
    ).order_by("-submission__round__review_closes", "submission__round_id", "submission__cluster__name", "pk")


def visible_reviews():
    from evaluations.models import ReviewScore

    return (
        Review.objects.select_related(
            "assignment__expert__user", "assignment__submission__cluster", "assignment__submission__round"
        )
        .prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion").order_by("criterion__position"))
        )
        .order_by("assignment__submission_id", "assignment__expert_id", "pk")
    )


def round_review_progress(*, round):
    """The round's eligible entries (and any other with assignments, but never a withdrawn or ineligible one) with
    their review progress: experts assigned and reviews submitted, for the ministry's assignment page."""
    from evaluations.models import Assignment

    return (
        Submission.objects.filter(round=round)
        .filter(Q(status=Submission.Status.ELIGIBLE) | Q(assignments__isnull=False))
        .exclude(status__in=Submission.OUT_OF_COMPETITION)
        .distinct()
        .select_related("track__field", "cluster")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("expert__user", "review").order_by("expert__user__username"),
            )
        )
        .annotate(
            assigned_count=Count("assignments", filter=Q(assignments__status="assigned"), distinct=True),
            submitted_count=Count(
                "assignments",
                filter=Q(assignments__status="assigned", assignments__review__status="submitted"),
                distinct=True,
            ),
        )
        .order_by("cluster__name", "pk")
    )


def review_changes(*, review=None, submission=None):
    """The trail of score and comment changes of one review or of every review of an entry, newest save first
    (within a save, the rubric's order, then the comments), with what a row shows (the ministry's:
    `review_change_visibility`)."""
    from evaluations.models import ReviewChange

    changes = ReviewChange.objects.select_related("criterion", "actor", "expert__user")
    if review is not None:
        changes = changes.filter(review=review)
    if submission is not None:
        changes = changes.filter(submission=submission)
    return changes.order_by("-created", "pk")


def entry_member_names(*, submission, limit=20) -> tuple[list[str], int]:
    """The first `limit` member names of the entry's cluster and how many members it has."""
    from clusters.models import Member

    members = unscoped(Member).filter(cluster_id=submission.cluster_id)
    return list(members.order_by("name").values_list("name", flat=True)[:limit]), members.count()


# Work queues (evaluations/work.py) ---------------------------------------------------------------------------------


def open_assignments(*, now):
    """The viewer's assignments still to review: assigned (not recused), the review not yet submitted, the round's
    review window not closed and the round not frozen; the soonest review close first. The expert's work queue and
    the "to review" tab of their assignment list both read it, so they always agree."""
    from evaluations.models import Assignment
    from evaluations.notice.selectors import frozen_round_ids

    return (
        visible_assignments()
        .filter(status=Assignment.Status.ASSIGNED, submission__round__review_closes__gt=now)
        .filter(Q(review__isnull=True) | Q(review__status=Review.Status.DRAFT))
        .exclude(submission__round_id__in=frozen_round_ids())
        .order_by("submission__round__review_closes", "submission__round_id", "pk")
    )


def rounds_missing_reviews():
    """Rounds not frozen and not yet evaluated (no succeeded run) whose eligible entries have assigned experts who
    have not submitted their review, each with `missing` (how many such reviews); the soonest review close first."""
    from evaluations.models import EvaluationRun, Round
    from evaluations.notice.selectors import frozen_round_ids

    open_review = (
        Q(submissions__status=Submission.Status.ELIGIBLE)
        & Q(submissions__assignments__status="assigned")
        & (Q(submissions__assignments__review__isnull=True) | Q(submissions__assignments__review__status="draft"))
    )
    evaluated = EvaluationRun.objects.filter(status=EvaluationRun.Status.SUCCEEDED).values("round_id")
    return (
        Round.objects.exclude(pk__in=frozen_round_ids())
        .exclude(pk__in=evaluated)
        .annotate(missing=Count("submissions__assignments", filter=open_review, distinct=True))
        .filter(missing__gt=0)
        .select_related("competition")
        .order_by("review_closes", "pk")
    )
