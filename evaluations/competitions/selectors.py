"""Reads and visibility of competitions, their tracks, rounds and rubrics (DESIGN §2): the ministry reads all
(drafts included); local governments and cluster promotion bodies read published and closed competitions; experts those
they review."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from evaluations.models import (
    Competition,
    Criterion,
    EvaluationRun,
    PublicNotice,
    Round,
    Track,
)
from evaluations.notice.selectors import PUBLISHED_NOTICE_STATUSES, frozen_round_ids  # noqa: F401 - frozen_round_ids is read from here too
from evaluations.review.selectors import expert_competitions
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

# Frozen after publication ------------------------------------------------------------------------------------------

# A notice in one of PUBLISHED_NOTICE_STATUSES has been published: the public has read the round's result; the
# frozen rounds' ids are `frozen_round_ids()`. Both live with the notices (evaluations.notice.selectors), which the
# review's reads use too.


def _published_notices_of(round_id):
    return unscoped(PublicNotice).filter(run__round_id=round_id, status__in=PUBLISHED_NOTICE_STATUSES)


def round_frozen(round) -> bool:
    """Whether a notice has been published from a run of the round. A frozen round's rubric, windows, advancement
    settings, eligibility decisions (the formal check), assignments and reviews no longer change; a published
    result is corrected only by a new run with a stated reason (a correction) and a new notice. The one place
    that says what frozen means: the services refuse with code `frozen`, the pages hide the buttons."""
    round_id = getattr(round, "pk", round)
    return round_id is not None and _published_notices_of(round_id).exists()


def frozen_annotation(round_path="pk"):
    """`round_frozen` as an annotation of a query whose rows have the round at `round_path` (one subquery)."""
    published = unscoped(PublicNotice).filter(status__in=PUBLISHED_NOTICE_STATUSES)
    return Exists(published.filter(run__round_id=OuterRef(round_path)))


def published_run(round) -> EvaluationRun | None:
    """The run of the round's newest published notice: the result in force, which a correction corrects (None while
    the round is not frozen). Newest by creation: once the round is frozen only a correction of the result in force
    can be put on a notice, so a later notice always corrects the earlier ones."""
    notice = _published_notices_of(getattr(round, "pk", round)).select_related("run").order_by("-pk").first()
    return notice.run if notice is not None else None


# Visibility ------------------------------------------------------------------------------------------------------


def competition_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local or viewer.is_cluster_body:
        return Q(status__in=[Competition.Status.PUBLISHED, Competition.Status.CLOSED])
    if viewer.is_expert:
        return expert_competitions(viewer)
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
            queryset=Round.objects.annotate(is_frozen=frozen_annotation())
            .order_by("position", "pk")
            .prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.select_related("indicator").order_by("position", "pk"))
            ),
        ),
    )


def visible_rounds():
    return Round.objects.select_related("competition").order_by("competition__year", "competition_id", "position")


def round_for_detail():
    return (
        Round.objects.select_related("competition")
        .annotate(is_frozen=frozen_annotation())
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.select_related("indicator").order_by("position", "pk"))
        )
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


def first_rounds_for_entry():
    """The first round of each visible (published) competition: the only rounds a new entry starts in (a later
    round's entries are carried over from the round before)."""
    earlier = Round.objects.filter(competition_id=OuterRef("competition_id"), position__lt=OuterRef("position"))
    return open_rounds_for_entry().filter(~Exists(earlier))
