"""Reads and visibility of dynamic adjustment: decisions, rectification notes, the reports and the dashboard."""

from django.db.models import Count, Prefetch, Q

from clusters.models import ClusterRegion
from clusters.profiles.selectors import in_jurisdiction
from monitoring.models import MonitoringEvaluation, MonitoringResult
from tenancy.models import Organisation
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer


def rectification_visibility(viewer: Viewer) -> Q:
    """Rectification notes: the ministry reads all; a local government the notes on clusters with a region in its
    jurisdiction; a promotion body those on its own clusters (whoever wrote them)."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_local and viewer.jurisdiction_prefix:
        return in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


# Dynamic adjustment, rectification and reports (adjustment part) -------------------------------------------------


def cluster_supervisors(*, cluster) -> list[Organisation]:
    """Every active local government whose jurisdiction holds one of the cluster's regions: the province and the
    prefecture of each (a cross-region cluster has several)."""
    # Who supervises the cluster, the same whoever asks: it reads all of the cluster's regions.
    codes = list(unscoped(ClusterRegion).filter(cluster=cluster).values_list("region_id", flat=True))
    candidates = {code[:2] + "0000" for code in codes} | {code[:4] + "00" for code in codes} | set(codes)
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL, is_active=True, region_id__in=candidates)
        .select_related("region")
        .order_by("region__code", "pk")
    )


def visible_decisions():
    from monitoring.models import AdjustmentDecision

    return AdjustmentDecision.objects.select_related(
        "result__cluster__field", "result__cluster__promotion_body", "result__evaluation", "decided_by"
    ).order_by("-decided_at", "-pk")


def visible_rectifications():
    from monitoring.models import RectificationNote

    return RectificationNote.objects.select_related(
        "cluster", "organisation", "author", "decision__result__evaluation"
    ).order_by("-created", "-pk")


def latest_succeeded_evaluation():

    return (
        MonitoringEvaluation.objects.filter(status=MonitoringEvaluation.Status.SUCCEEDED)
        .order_by("-year", "-finished", "-pk")
        .first()
    )


def result_for_report():
    """Monitoring results with what the decision page, the panel and the PDF report show."""
    from monitoring.models import EarlyWarning

    return MonitoringResult.objects.select_related(
        "cluster__field", "cluster__promotion_body", "evaluation__method", "decision__decided_by"
    ).prefetch_related(
        Prefetch("warnings", queryset=EarlyWarning.objects.order_by("-severity", "rule", "pk")),
        Prefetch("cluster__regions"),
    )


def previous_result(*, result):
    """The cluster's result in the latest earlier succeeded evaluation (last year's comparison), or None."""

    return (
        MonitoringResult.objects.filter(
            cluster_id=result.cluster_id,
            evaluation__status=MonitoringEvaluation.Status.SUCCEEDED,
            evaluation__year__lt=result.evaluation.year,
        )
        .order_by("-evaluation__year", "-evaluation__created", "-pk")
        .first()
    )


def summary_results(*, evaluation):
    """Every result of an evaluation with its cluster, regions, decision and warnings (constant queries)."""
    from monitoring.models import EarlyWarning

    return (
        MonitoringResult.objects.filter(evaluation=evaluation)
        .select_related("cluster__field", "cluster__promotion_body", "decision")
        .prefetch_related(
            Prefetch("warnings", queryset=EarlyWarning.objects.order_by("rule", "pk")),
            Prefetch("cluster__regions"),
        )
        .order_by("-overall", "cluster__name", "pk")
    )


def dashboard_figures(*, evaluation) -> dict:
    """The ministry dashboard's figures for one evaluation, in a fixed number of queries: the grade distribution,
    warnings (and warned clusters) by province and by industry field, warnings by rule, and recommendations
    against decisions. A cross-region cluster counts in each of its provinces."""
    from django.db.models.functions import Substr

    from monitoring.models import EarlyWarning
    from tenancy.models import IndustryField, Region

    results = MonitoringResult.objects.filter(evaluation=evaluation).order_by()
    grades = list(results.values("grade").annotate(clusters=Count("pk")).order_by("grade"))
    warnings = EarlyWarning.objects.filter(result__evaluation=evaluation).order_by()
    by_province = list(
        ClusterRegion.objects.filter(cluster__monitoring_results__evaluation=evaluation)
        .annotate(province=Substr("region_id", 1, 2))
        .values("province")
        .annotate(
            clusters=Count("cluster", distinct=True),
            warned=Count("cluster", distinct=True, filter=Q(cluster__monitoring_results__warnings__isnull=False)),
            warnings=Count("cluster__monitoring_results__warnings", distinct=True),
        )
        .order_by("province")
    )
    names = {
        region.code[:2]: region
        for region in Region.objects.filter(code__in=[f"{row['province']}0000" for row in by_province])
    }
    for row in by_province:
        row["region"] = names.get(row["province"])
    by_field = list(
        results.values("cluster__field_id")
        .annotate(
            clusters=Count("pk", distinct=True),
            warned=Count("pk", distinct=True, filter=Q(warnings__isnull=False)),
            warnings=Count("warnings", distinct=True),
        )
        .order_by("cluster__field_id")
    )
    fields = IndustryField.objects.in_bulk([row["cluster__field_id"] for row in by_field])
    for row in by_field:
        row["field"] = fields.get(row["cluster__field_id"])
    by_rule = list(warnings.values("rule").annotate(warnings=Count("pk")).order_by("-warnings", "rule"))
    pairs = {
        (row["recommendation"], row["decision__decision"]): row["n"]
        for row in results.values("recommendation", "decision__decision").annotate(n=Count("pk"))
    }
    return {
        "grades": grades,
        "by_province": by_province,
        "by_field": by_field,
        "by_rule": by_rule,
        "decision_pairs": pairs,
        "total": sum(row["clusters"] for row in grades),
        "warning_total": sum(row["warnings"] for row in by_rule),
    }


# Work queues (monitoring/work.py) ----------------------------------------------------------------------------------


def _current_results():
    """Results of succeeded evaluations that no later year's succeeded evaluation replaced for their cluster (the
    results a decision may still be taken on: `services.decision_refusal`)."""
    from django.db.models import Exists, OuterRef

    later = MonitoringResult.objects.filter(
        cluster_id=OuterRef("cluster_id"),
        evaluation__status=MonitoringEvaluation.Status.SUCCEEDED,
        evaluation__year__gt=OuterRef("evaluation__year"),
    )
    return MonitoringResult.objects.filter(evaluation__status=MonitoringEvaluation.Status.SUCCEEDED).filter(
        ~Exists(later)
    )


def results_to_decide():
    """Current results recommending a warning or a drop on which the ministry has taken no decision yet; the
    oldest evaluation first, then by cluster."""
    from monitoring.models import Recommendation

    return (
        _current_results()
        .filter(recommendation__in=[Recommendation.WARN, Recommendation.DROP], decision__isnull=True)
        .select_related("cluster", "evaluation")
        .order_by("evaluation__year", "cluster__name", "pk")
    )


def warned_results():
    """Current results the viewer may read that carry early warnings, each with `warning_count`; by cluster."""
    return (
        _current_results()
        .annotate(warning_count=Count("warnings"))
        .filter(warning_count__gt=0)
        .select_related("cluster", "evaluation")
        .order_by("cluster__name", "pk")
    )


def rectifications_since_evaluation():
    """Rectification notes filed since the latest succeeded monitoring evaluation finished (all of them before
    the first): what the clusters answered that no evaluation has taken in yet; newest first."""
    notes = visible_rectifications()
    latest = latest_succeeded_evaluation()
    if latest is not None and latest.finished is not None:
        notes = notes.filter(created__gt=latest.finished)
    return notes
