"""Reads and visibility rules of the competitions (DESIGN §2).

- Competitions, their tracks, rounds and rubrics: the ministry reads all (drafts included); local governments and
  cluster promotion bodies read published competitions; experts and anonymous visitors none (for now: experts
  will read those they review once assignments exist).
- Entries (submissions): the promotion body reads and writes its own clusters' entries and never sees a
  competitor's; the ministry reads every entry once it has been submitted (drafts are the body's own); a local
  government reads the submitted entries of clusters with a region in its jurisdiction; experts and anonymous
  visitors none (for now).
"""

from django.db.models import Count, Prefetch, Q

from clusters.models import ClusterRegion
from clusters.selectors import in_jurisdiction
from tenancy.models import Organisation
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import (
    ClaimedValue,
    Competition,
    Criterion,
    Endorsement,
    MonitoringResult,
    PublicNotice,
    Review,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    Track,
)

# Visibility ------------------------------------------------------------------------------------------------------


def competition_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local or viewer.is_cluster_body:
        return Q(status=Competition.Status.PUBLISHED)
    return NOTHING


def competition_child_visibility(viewer: Viewer) -> Q:
    """Tracks and rounds are visible with their competition (the subquery is scoped too)."""
    if viewer.reads_everything:
        return Q()
    return Q(competition__in=Competition.objects.values("pk"))


def criterion_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    return Q(round__competition__in=Competition.objects.values("pk"))


def submission_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.is_national:
        return Q(submitted_at__isnull=False)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return Q(submitted_at__isnull=False) & in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


def submission_child_visibility(viewer: Viewer) -> Q:
    """Claimed values, versions, endorsements and the trail are visible with their entry."""
    if viewer.is_system:
        return Q()
    return Q(submission__in=Submission.objects.values("pk"))


# Review, runs and notices (first cut: the ministry reads all, experts their own assignments) --------------------


def conflict_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(expert__user_id=viewer.user_id)
    return NOTHING


def assignment_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(expert__user_id=viewer.user_id)
    return NOTHING


def review_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(assignment__expert__user_id=viewer.user_id)
    return NOTHING


def review_child_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    return Q(review__in=Review.objects.values("pk"))


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


def notice_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    return Q(status__in=[PublicNotice.Status.OPEN, PublicNotice.Status.CLOSED, PublicNotice.Status.FINAL])


def objection_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


# Monitoring (first cut: the ministry reads all) ------------------------------------------------------------------


def monitoring_method_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


def monitoring_evaluation_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


def monitoring_result_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


def monitoring_child_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    return Q(result__in=MonitoringResult.objects.values("pk"))


def rectification_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


# Competitions ----------------------------------------------------------------------------------------------------


def visible_competitions():
    return Competition.objects.annotate(
        round_count=Count("rounds", distinct=True), track_count=Count("tracks", distinct=True)
    ).order_by("-year", "name")


def competition_for_detail():
    return Competition.objects.prefetch_related(
        Prefetch("tracks", queryset=Track.objects.select_related("field").order_by("position", "field")),
        Prefetch(
            "rounds",
            queryset=Round.objects.order_by("position", "pk").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.select_related("indicator").order_by("position", "pk"))
            ),
        ),
    )


def visible_rounds():
    return Round.objects.select_related("competition").order_by("competition__year", "competition_id", "position")


def round_for_detail():
    return Round.objects.select_related("competition").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.select_related("indicator").order_by("position", "pk"))
    )


def visible_criteria():
    return Criterion.objects.select_related("round", "indicator").order_by("round_id", "position", "pk")


def indicator_criteria(*, round):
    return Criterion.objects.filter(round=round, kind=Criterion.Kind.INDICATOR).select_related("indicator")


def open_rounds_for_entry():
    """Rounds of visible (published) competitions, newest first: the choices when starting an entry."""
    return (
        Round.objects.filter(competition__status=Competition.Status.PUBLISHED)
        .select_related("competition")
        .order_by("-competition__year", "competition_id", "position")
    )


# Entries ---------------------------------------------------------------------------------------------------------


def visible_submissions():
    """Entries the viewer may read, with what a list row shows."""
    return Submission.objects.select_related(
        "round__competition", "track__field", "cluster__promotion_body", "cluster__field"
    ).order_by("-round__competition__year", "round__position", "cluster__name", "pk")


def submission_for_detail():
    return visible_submissions().prefetch_related(
        Prefetch(
            "claimed_values",
            queryset=ClaimedValue.objects.select_related("criterion__indicator").order_by("criterion__position"),
        ),
        Prefetch("cluster__regions"),
    )


def submissions_to_endorse(*, viewer: Viewer):
    """Entries on which the viewer's government has a pending decision."""
    pending = Endorsement.objects.filter(organisation_id=viewer.organisation_id, decision=Endorsement.Decision.PENDING)
    return visible_submissions().filter(pk__in=pending.values("submission_id"))


def submission_versions(*, submission):
    return SubmissionVersion.objects.filter(submission=submission).select_related("created_by").order_by("-number")


def submission_endorsements(*, submission):
    return (
        Endorsement.objects.filter(submission=submission)
        .select_related("organisation", "decided_by", "version")
        .order_by("-version__number", "organisation__name")
    )


def submission_trail(*, submission):
    return (
        SubmissionEvent.objects.filter(submission=submission)
        .select_related("actor", "organisation")
        .order_by("created", "pk")
    )


def pending_endorsement(*, submission, organisation_id):
    """The viewer's government's open decision on the entry's current version, or None."""
    if organisation_id is None:
        return None
    return (
        Endorsement.objects.filter(
            submission=submission, organisation_id=organisation_id, decision=Endorsement.Decision.PENDING
        )
        .select_related("version")
        .first()
    )


def supervising_governments(*, cluster, level: str) -> list[Organisation]:
    """The local governments that must endorse an entry of `cluster`: every active local government whose region
    is at `level` (province or prefecture) and whose jurisdiction holds at least one of the cluster's regions.
    A cross-region cluster thus needs several; a single-region cluster still needs its own government's."""
    codes = list(ClusterRegion.objects.filter(cluster=cluster).values_list("region_id", flat=True))
    prefix_length = 2 if level == Competition.EndorsementLevel.PROVINCE else 4
    prefixes = sorted({code[:prefix_length] for code in codes})
    if not prefixes:
        return []
    holds = Q()
    for prefix in prefixes:
        holds |= Q(region__code__startswith=prefix)
    return list(
        Organisation.objects.filter(holds, kind=Organisation.Kind.LOCAL, is_active=True, region__level=level)
        .select_related("region")
        .order_by("region__code", "pk")
    )


# Public notice and objections (notice part) ------------------------------------------------------------------------


def visible_notices():
    """Notices the viewer may read (the public: published ones; the ministry: drafts too), with the number of
    proposed winners and of objections (the counts are shown to the ministry only)."""
    from .models import PublicNotice

    return (
        PublicNotice.objects.select_related("run__round__competition")
        .annotate(
            winner_count=Count("run__results", filter=Q(run__results__advanced=True), distinct=True),
            objection_count=Count("objections", distinct=True),
            unhandled_count=Count("objections", filter=Q(objections__status="lodged"), distinct=True),
        )
        .order_by("-opens", "-created", "-pk")
    )


def notice_winners(*, notice):
    """The proposed winners of a notice the viewer has read (results that advance), per track by rank: the query is
    built as the system's, since the public reads the winners' clusters through the notice (pages and serializers
    show the cluster's name and regions, the track, the rank and the total — never the entry's content)."""
    from tenancy.scoping import system_scope

    from .models import Result

    with system_scope():
        return (
            Result.objects.filter(run_id=notice.run_id, advanced=True)
            .select_related("submission__cluster", "track__field")
            .prefetch_related(Prefetch("submission__cluster__regions"))
            .order_by("track__position", "track_id", "rank", "pk")
        )


def visible_objections():
    from .models import Objection

    return Objection.objects.select_related("notice", "submission__cluster", "handled_by").order_by("-created", "-pk")


def published_results():
    """Results of runs whose final result is published, as far as the viewer may read them (result_visibility)."""
    from .models import Result

    return (
        Result.objects.filter(run__notice__status=PublicNotice.Status.FINAL)
        .select_related("submission__cluster", "track__field", "run__round__competition", "run__notice")
        .order_by("-run__notice__final_published_at", "track__position", "rank", "pk")
    )
