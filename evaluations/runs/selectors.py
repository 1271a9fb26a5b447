"""Reads and visibility of evaluation runs and their results."""

from django.db.models import Q

from clusters.profiles.selectors import in_jurisdiction
from evaluations.models import (
    Criterion,
    PublicNotice,
)
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
