"""Reads and visibility of the annual monitoring evaluation: the ministry reads all; local governments read the
results of clusters in their jurisdiction and cluster bodies those of their own clusters, from succeeded
evaluations; methods are readable by every organisation (how clusters are judged is no secret)."""

from django.db.models import Count, Prefetch, Q

from clusters.selectors import in_jurisdiction
from monitoring.models import MonitoringEvaluation, MonitoringResult
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

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


# Monitoring (issue 6) ----------------------------------------------------------------------------------------------


def visible_monitoring_evaluations():

    # Counted among the results the viewer may read: a local government's count is its clusters'.
    visible = MonitoringResult.objects.values("pk")
    return (
        MonitoringEvaluation.objects.select_related("method", "created_by")
        .annotate(result_count=Count("results", filter=Q(results__in=visible)))
        .order_by("-year", "-created", "-pk")
    )


def visible_monitoring_results():
    """Results the viewer may read, with what a list row shows (warning counts annotated)."""

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
    from monitoring.models import EarlyWarning

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

    from monitoring.models import EarlyWarning

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
