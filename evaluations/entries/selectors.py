"""Reads and visibility of entries (submissions) (DESIGN §2): the promotion body reads and writes its own
clusters' entries and never sees a competitor's; the ministry reads every entry once it has been submitted; a local
government reads the submitted entries of clusters with a region in its jurisdiction; experts their assigned ones."""

from django.db.models import Prefetch, Q

from clusters.models import ClusterRegion
from clusters.profiles.selectors import in_jurisdiction
from evaluations.models import (
    ClaimedValue,
    Competition,
    Endorsement,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
)
from evaluations.review.selectors import expert_entries
from tenancy.models import Organisation
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer


def submission_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.is_national:
        return Q(submitted_at__isnull=False)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return Q(submitted_at__isnull=False) & in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    if viewer.is_expert:
        return expert_entries(viewer)
    return NOTHING


def submission_child_visibility(viewer: Viewer) -> Q:
    """Versions, endorsements and the trail are visible with their entry (not to experts: they would name the
    promotion body and its staff, which a blind review hides)."""
    if viewer.is_system:
        return Q()
    if viewer.is_expert:
        return NOTHING
    return Q(submission__in=Submission.objects.values("pk"))


# Entries ---------------------------------------------------------------------------------------------------------


def visible_submissions():
    """Entries the viewer may read, with what a list row shows."""
    return Submission.objects.select_related(
        "round__competition", "track__field", "cluster__promotion_body", "cluster__field"
    ).order_by("-round__competition__year", "round__position", "cluster__name", "pk")


def submission_for_detail():
    return (
        visible_submissions()
        .select_related("carried_over_from__round")
        .prefetch_related(
            Prefetch(
                "claimed_values",
                queryset=ClaimedValue.objects.select_related("criterion__indicator").order_by("criterion__position"),
            ),
            Prefetch("cluster__regions"),
        )
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
    # A rule about the cluster, the same whoever asks: it reads all of the cluster's regions.
    codes = list(unscoped(ClusterRegion).filter(cluster=cluster).values_list("region_id", flat=True))
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


# Work queues (evaluations/work.py) ---------------------------------------------------------------------------------


def entries_to_check():
    """Endorsed entries waiting for the ministry's formal check (eligible or not) in rounds not frozen; those whose
    review opens soonest first."""
    from evaluations.competitions.selectors import frozen_round_ids

    return (
        visible_submissions()
        .filter(status=Submission.Status.ENDORSED)
        .exclude(round_id__in=frozen_round_ids())
        .order_by("round__review_opens", "cluster__name", "pk")
    )


def entries_awaiting_endorsement(*, viewer: Viewer, now):
    """The submitted entries on which the viewer's government still has to decide while it can (before the round's
    review opens); soonest first."""
    return (
        submissions_to_endorse(viewer=viewer)
        .filter(status=Submission.Status.SUBMITTED, round__review_opens__gt=now)
        .order_by("round__review_opens", "cluster__name", "pk")
    )


def entries_to_finish(*, organisation_id, now, statuses):
    """The promotion body's entries in `statuses` (draft, returned) that can still be changed and submitted (before
    the round's submission deadline); soonest deadline first."""
    return (
        visible_submissions()
        .filter(status__in=statuses, cluster__promotion_body_id=organisation_id, round__submission_closes__gt=now)
        .order_by("round__submission_closes", "cluster__name", "pk")
    )


def rounds_open_to_enter(*, organisation_id, now) -> list[tuple]:
    """(round, cluster) for each first round whose submission window is open at `now` and each cluster of the
    promotion body `organisation_id` that may enter it (its tier among the competition's, its field among the
    tracks') and has no entry in it yet; soonest deadline first. Four queries whatever the numbers of rounds and
    clusters."""
    from clusters.models import Cluster
    from evaluations.competitions.selectors import first_rounds_for_entry
    from evaluations.models import Track

    rounds = list(
        first_rounds_for_entry()
        .filter(submission_opens__lte=now, submission_closes__gt=now)
        .prefetch_related(Prefetch("competition__tracks", queryset=Track.objects.order_by()))
        .order_by("submission_closes", "pk")
    )
    if not rounds:
        return []
    clusters = list(Cluster.objects.filter(promotion_body_id=organisation_id).order_by("name", "pk"))
    entered = set(
        Submission.objects.filter(round__in=rounds, cluster__in=clusters).values_list("round_id", "cluster_id")
    )
    found = []
    for round_ in rounds:
        competition = round_.competition
        fields = {track.field_id for track in competition.tracks.all()}
        for cluster in clusters:
            if (
                cluster.tier in (competition.entry_tiers or [])
                and cluster.field_id in fields
                and (round_.pk, cluster.pk) not in entered
            ):
                found.append((round_, cluster))
    return found
