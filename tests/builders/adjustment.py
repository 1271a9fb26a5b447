"""Builders for the adjustment tests and the adjustment matrix cases (tests/matrix/adjustment.py)."""

from decimal import Decimal

from django.utils import timezone

from monitoring.adjustment import services as adjustment_services
from monitoring.models import EarlyWarning, MonitoringEvaluation, MonitoringMethod, MonitoringResult, RectificationNote

from ..cast import VISIBLE_CLUSTERS

# DESIGN §2: who reads which cluster's results, decisions and notes (the cast's clusters, without the suffix).
READS = {role: {name.removesuffix("_cluster") for name in names} for role, names in VISIBLE_CLUSTERS.items()}


SCORES = {
    "innovation": 60.0,
    "advanced_manufacturing": 55.0,
    "leading_enterprises": 70.0,
    "ecosystem": 50.0,
    "governance": 65.0,
}


PLAN = {
    # name: (grade, overall, recommendation, warnings)
    "nanjing": ("C", "62.50", "warn", [("stagnation", "warning", "两年没有新成员加入集群。")]),
    "shenzhen": (
        "D",
        "48.00",
        "drop",
        [
            ("concentration", "serious", "最大企业营业收入占集群的 72%，超过 50% 的阈值。"),
            ("indicator_falling", "warning", "营业收入连续两年下降。"),
        ],
    ),
    "wuxi": ("A", "88.00", "keep", []),
    "cross": ("B", "75.00", "keep", []),
    "provincial": ("B", "71.00", "keep", []),
}


def monitoring_method():
    """The current method (the monitoring part may ship a version 1), or a minimal one."""
    method = MonitoringMethod._base_manager.order_by("-version").first()
    if method is None:
        method = MonitoringMethod._base_manager.create(version=1, name="测试方法", config={}, is_current=True)
    return method


def make_evaluation(*, year, status=MonitoringEvaluation.Status.SUCCEEDED, by=None):
    return MonitoringEvaluation._base_manager.create(
        year=year,
        method=monitoring_method(),
        tiers=["national", "provincial"],
        status=status,
        progress=100 if status == MonitoringEvaluation.Status.SUCCEEDED else 0,
        finished=timezone.now() if status == MonitoringEvaluation.Status.SUCCEEDED else None,
        created_by=by,
    )


def make_result(evaluation, cluster, *, grade, overall, recommendation, warnings=(), scores=None, previous=None):
    overall = Decimal(overall)
    result = MonitoringResult._base_manager.create(
        evaluation=evaluation,
        cluster=cluster,
        scores=scores if scores is not None else SCORES,
        inputs={},
        overall=overall,
        grade=grade,
        previous_overall=previous,
        change=(overall - previous) if previous is not None else None,
        recommendation=recommendation,
    )
    EarlyWarning._base_manager.bulk_create(
        [
            EarlyWarning(result=result, rule=rule, severity=severity, details={"explanation": text})
            for rule, severity, text in warnings
        ]
    )
    return result


def monitoring(world):
    cache = getattr(world, "_monitoring", None)
    if cache is not None:
        return cache
    earlier = make_evaluation(year=2023, by=world.ministry)
    evaluation = make_evaluation(year=2024, by=world.ministry)
    cache = world._monitoring = {"evaluation": evaluation, "earlier": earlier, "results": {}}
    for name, (grade, overall, recommendation, warnings) in PLAN.items():
        cluster = world.clusters[f"{name}_cluster"]
        make_result(
            earlier,
            cluster,
            grade="B",
            overall="70.00",
            recommendation="keep",
            scores={key: value + 5 for key, value in SCORES.items()},
        )
        cache["results"][name] = make_result(
            evaluation,
            cluster,
            grade=grade,
            overall=overall,
            recommendation=recommendation,
            warnings=warnings,
            previous=Decimal("70.00"),
        )
    cache["decision"] = adjustment_services.decision_record(
        result=cache["results"]["cross"], decision="keep", reason="跨区域协同良好，保留。", by=world.ministry
    )
    note = RectificationNote(
        cluster=world.nanjing_cluster,
        text="已引进三家新成员企业。",
        organisation=world.orgs["nanjing_body"],
        author=world.nanjing_body,
    )
    note.save()
    cache["note"] = note
    return cache
