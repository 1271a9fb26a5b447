"""Reads and visibility of public notices, objections, published results and designated winners."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from evaluations.models import (
    PublicNotice,
)
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

# A notice in one of these states has been published: the public has read the round's result, and the round is
# frozen (evaluations.competitions.selectors.round_frozen).
PUBLISHED_NOTICE_STATUSES = (PublicNotice.Status.OPEN, PublicNotice.Status.CLOSED, PublicNotice.Status.FINAL)


def frozen_round_ids():
    """The ids of every frozen round (one with a published notice), as a subquery."""
    return unscoped(PublicNotice).filter(status__in=PUBLISHED_NOTICE_STATUSES).values("run__round_id")


def notice_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    return Q(status__in=[PublicNotice.Status.OPEN, PublicNotice.Status.CLOSED, PublicNotice.Status.FINAL])


def objection_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


def designation_visibility(viewer: Viewer) -> Q:
    """The winners a final result designated are public, as the final result is (every designation's notice is
    final: the rule says so rather than relying on it)."""
    if viewer.reads_everything:
        return Q()
    return Q(notice__status=PublicNotice.Status.FINAL)


# Public notice and objections (notice part) ------------------------------------------------------------------------


def visible_notices():
    """Notices the viewer may read (the public: published ones; the ministry: drafts too), with the number of
    proposed winners and of objections (the counts are shown to the ministry only), the notice a correction corrects
    (`run.correction_of.notice`) and the newest notice the viewer may read that corrects this one
    (`corrected_by_id`)."""
    from evaluations.models import PublicNotice

    correcting = PublicNotice.objects.filter(run__correction_of_id=OuterRef("run_id")).order_by("-pk").values("pk")
    return (
        PublicNotice.objects.select_related("run__round__competition", "run__correction_of__notice")
        .annotate(
            winner_count=Count("run__results", filter=Q(run__results__advanced=True), distinct=True),
            objection_count=Count("objections", distinct=True),
            unhandled_count=Count("objections", filter=Q(objections__status="lodged"), distinct=True),
            corrected_by_id=Subquery(correcting[:1]),
        )
        .order_by("-opens", "-created", "-pk")
    )


def notice_winners(*, notice):
    """The proposed winners of a notice the viewer has read (results that advance), per track by rank: the query is
    built as the system's, since the public reads the winners' clusters through the notice (pages and serializers
    show the cluster's name and regions, the track, the rank and the total — never the entry's content)."""
    from evaluations.models import Result
    from tenancy.scoping import system_scope

    with system_scope():
        return (
            Result.objects.filter(run_id=notice.run_id, advanced=True)
            .select_related("submission__cluster", "track__field")
            .prefetch_related(Prefetch("submission__cluster__regions"))
            .order_by("track__position", "track_id", "rank", "pk")
        )


def visible_objections():
    from evaluations.models import Objection

    return Objection.objects.select_related("notice", "submission__cluster", "handled_by").order_by("-created", "-pk")


def published_results():
    """Results of runs whose final result is published, as far as the viewer may read them (result_visibility), each
    with `last_round` (its round is the competition's last: an advancing result is a winner)."""
    from evaluations.models import Result, Round

    later = Round.objects.filter(
        competition_id=OuterRef("run__round__competition_id"), position__gt=OuterRef("run__round__position")
    )
    return (
        Result.objects.filter(run__notice__status=PublicNotice.Status.FINAL)
        .select_related("submission__cluster", "track__field", "run__round__competition", "run__notice")
        .annotate(last_round=~Exists(later))
        .order_by("-run__notice__final_published_at", "track__position", "rank", "pk")
    )


# Designated winners ------------------------------------------------------------------------------------------------


def notice_designations(*, notice):
    """The clusters the notice's final result designated (empty for an earlier round's notice), by cluster id."""
    from evaluations.models import Designation

    return {designation.cluster_id: designation for designation in Designation.objects.filter(notice=notice)}


def register_annotation(clusters):
    """Appended to clusters.profiles.selectors.REGISTER_ANNOTATIONS: each cluster of the public register with the
    competition whose final result made it national-level (the latest designation that raised its tier; none for a
    cluster that was national-level before its designation)."""
    from clusters.models import Cluster
    from evaluations.models import Designation

    raised = (
        Designation.objects.filter(cluster_id=OuterRef("pk"))
        .exclude(tier_before__in=Cluster.PUBLIC_TIERS)
        .order_by("-designated_at", "-pk")
    )
    return clusters.annotate(
        designated_by=Subquery(raised.values("competition__name")[:1]),
        designated_by_en=Subquery(raised.values("competition__name_en")[:1]),
        designated_year=Subquery(raised.values("competition__year")[:1]),
        designated_notice=Subquery(raised.values("notice_id")[:1]),
    )


# Work queues (evaluations/work.py) ---------------------------------------------------------------------------------


def objections_to_handle():
    """Lodged objections the ministry has not handled while they can be (the notice's final result is not
    published); those whose notice closes soonest first."""
    from evaluations.models import Objection

    return (
        visible_objections()
        .filter(status=Objection.Status.LODGED)
        .exclude(notice__status=PublicNotice.Status.FINAL)
        .order_by("notice__closes", "created", "pk")
    )
