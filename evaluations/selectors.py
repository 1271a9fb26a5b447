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
    MonitoringEvaluation,
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
    return Q() if viewer.reads_everything else NOTHING


def notice_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    return Q(status__in=[PublicNotice.Status.OPEN, PublicNotice.Status.CLOSED, PublicNotice.Status.FINAL])


def objection_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


# Monitoring (issue 6): the ministry reads all; local governments read the results of clusters in their
# jurisdiction and cluster bodies those of their own clusters, from succeeded evaluations; methods are public to
# every organisation (how clusters are judged is no secret).


def monitoring_method_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything or viewer.is_local or viewer.is_cluster_body:
        return Q()
    return NOTHING


def monitoring_evaluation_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local or viewer.is_cluster_body:
        return Q(status=MonitoringEvaluation.Status.SUCCEEDED)
    return NOTHING


def monitoring_result_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    succeeded = Q(evaluation__status=MonitoringEvaluation.Status.SUCCEEDED)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return succeeded & in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return succeeded & Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


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


# Monitoring (issue 6) ----------------------------------------------------------------------------------------------


def visible_monitoring_evaluations():
    from django.db.models import Count

    # Counted among the results the viewer may read: a local government's count is its clusters'.
    visible = MonitoringResult.objects.values("pk")
    return (
        MonitoringEvaluation.objects.select_related("method", "created_by")
        .annotate(result_count=Count("results", filter=Q(results__in=visible)))
        .order_by("-year", "-created", "-pk")
    )


def visible_monitoring_results():
    """Results the viewer may read, with what a list row shows (warning counts annotated)."""
    from django.db.models import Count

    return (
        MonitoringResult.objects.select_related("evaluation", "cluster__field")
        .annotate(warning_count=Count("warnings"))
        .order_by("evaluation_id", "-overall", "cluster__name", "pk")
    )


def filter_monitoring_results(queryset, *, grade="", recommendation="", province="", field="", evaluation=None):
    if evaluation is not None:
        queryset = queryset.filter(evaluation=evaluation)
    if grade:
        queryset = queryset.filter(grade=grade)
    if recommendation:
        queryset = queryset.filter(recommendation=recommendation)
    if province:
        queryset = queryset.filter(in_jurisdiction(str(province)[:2], "cluster"))
    if field:
        queryset = queryset.filter(cluster__field_id=field)
    return queryset


def monitoring_result_for_detail():
    from .models import EarlyWarning

    return MonitoringResult.objects.select_related("evaluation__method", "cluster__field").prefetch_related(
        Prefetch("warnings", queryset=EarlyWarning.objects.order_by("-severity", "rule", "pk"))
    )


def monitoring_previous_result(*, result):
    """Last year's result of the same cluster (the latest succeeded evaluation of the previous year), if visible."""
    return (
        MonitoringResult.objects.filter(
            cluster_id=result.cluster_id,
            evaluation__year=result.evaluation.year - 1,
            evaluation__status=MonitoringEvaluation.Status.SUCCEEDED,
        )
        .select_related("evaluation")
        .order_by("-evaluation__created", "-evaluation_id")
        .first()
    )


def monitoring_result_counts(*, evaluation) -> dict:
    """Grades and warnings of the results of `evaluation` the viewer may read (a local government's counts are its
    clusters', not the nation's)."""
    from django.db.models import Count

    from .models import EarlyWarning

    visible = MonitoringResult.objects.filter(evaluation=evaluation)
    grades = dict(visible.order_by().values_list("grade").annotate(n=Count("pk")).values_list("grade", "n"))
    warnings = EarlyWarning.objects.filter(result__in=visible.values("pk")).count()
    return {"grades": sorted(grades.items()), "warnings": warnings, "clusters": sum(grades.values())}


def monitoring_same_inputs(*, evaluation):
    """Other succeeded evaluations of the same year whose inputs had the same digest (reruns on the same data)."""
    if not evaluation.digest:
        return MonitoringEvaluation.objects.none()
    return (
        MonitoringEvaluation.objects.filter(
            year=evaluation.year, digest=evaluation.digest, status=MonitoringEvaluation.Status.SUCCEEDED
        )
        .exclude(pk=evaluation.pk)
        .order_by("-created", "-pk")
    )


def monitoring_cluster_results(*, cluster):
    """The cluster's results of every succeeded evaluation, one per year (the latest evaluation of the year)."""
    rows = (
        MonitoringResult.objects.filter(cluster=cluster, evaluation__status=MonitoringEvaluation.Status.SUCCEEDED)
        .select_related("evaluation")
        .order_by("-evaluation__year", "-evaluation__created", "-evaluation_id")
    )
    seen, latest = set(), []
    for row in rows:
        if row.evaluation.year not in seen:
            seen.add(row.evaluation.year)
            latest.append(row)
    return latest
