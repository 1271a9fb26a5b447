"""Reads and visibility of competitions, their tracks, rounds and rubrics (DESIGN §2): the ministry reads all
(drafts included); local governments and cluster promotion bodies read published and closed competitions; experts those
they review."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from evaluations.models import (
    Competition,
    Criterion,
    Round,
    Track,
)
from evaluations.review.selectors import expert_competitions
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

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


def first_rounds_for_entry():
    """The first round of each visible (published) competition: the only rounds a new entry starts in (a later
    round's entries are carried over from the round before)."""
    earlier = Round.objects.filter(competition_id=OuterRef("competition_id"), position__lt=OuterRef("position"))
    return open_rounds_for_entry().filter(~Exists(earlier))
