"""Dynamic adjustment and reports: the monitoring data the tests build by hand (no engine needed) and the cross-tenant
matrix cases of the decision, rectification, report, summary and dashboard routes.

`monitoring(world)` builds, once per world, a succeeded 2023 and 2024 evaluation with a result for every cluster of
the world:
- nanjing    — grade C, recommendation warn, one warning (stagnation); undecided
- shenzhen   — grade D, recommendation drop, two warnings; undecided
- wuxi       — grade A, keep
- cross      — grade B, keep; decided keep by the ministry (the decision of the detail routes)
- provincial — grade B, keep
and one rectification note on the Nanjing cluster by its promotion body.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from monitoring.adjustment import services as adjustment_services
from monitoring.models import EarlyWarning, MonitoringEvaluation, MonitoringMethod, MonitoringResult, RectificationNote

from ..cast import ROLES, VISIBLE_CLUSTERS
from .base import ANON, Case

# DESIGN §2: who reads which cluster's results, decisions and notes (the cast's clusters, without the suffix).
READS = {role: {name.removesuffix("_cluster") for name in names} for role, names in VISIBLE_CLUSTERS.items()}
# Who may file a rectification note for a cluster they read: promotion bodies' and local governments' editors.
NOTE_WRITERS = {"jiangsu", "guangdong", "nanjing_body", "shenzhen_body"}

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


def result_url(route, name):
    return lambda world: reverse(route, args=[monitoring(world)["results"][name].pk])


def evaluation_url(route):
    return lambda world: reverse(route, args=[monitoring(world)["evaluation"].pk])


def decision_url(route):
    return lambda world: reverse(route, args=[monitoring(world)["decision"].pk])


def note_url(route):
    return lambda world: reverse(route, args=[monitoring(world)["note"].pk])


def cluster_url(route, name):
    def make(world):
        monitoring(world)
        return reverse(route, args=[world.clusters[f"{name}_cluster"].pk])

    return make


def list_url(route):
    def make(world):
        monitoring(world)
        return reverse(route)

    return make


def read(role, name):
    return 200 if name in READS[role] else 404


def decide(role, name, success):
    if name not in READS[role]:
        return 404
    return success if role == "ministry" else 403


def note_write(role, name):
    if name not in READS[role]:
        return 404
    return 302 if role in NOTE_WRITERS else 403


def page_cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        cases += [
            Case(
                "monitoring-dashboard",
                role,
                "get",
                200 if ministry else 403,
                api=False,
                url=list_url("monitoring-dashboard"),
            ),
            Case(
                "monitoring-summary-export",
                role,
                "get",
                200 if ministry else 403,
                api=False,
                url=evaluation_url("monitoring-summary-export"),
            ),
            Case(
                "adjustment-history",
                role,
                "get",
                read(role, "cross"),
                api=False,
                url=decision_url("adjustment-history"),
            ),
        ]
        for name in ("nanjing", "shenzhen"):
            cases += [
                Case(
                    "adjustment-decide",
                    role,
                    "get",
                    decide(role, name, 200),
                    target=name,
                    api=False,
                    url=result_url("adjustment-decide", name),
                ),
                Case(
                    "adjustment-decide",
                    role,
                    "post",
                    decide(role, name, 302),
                    target=f"confirmed:{name}",
                    api=False,
                    data={"decision": "warn", "reason": "整改期一年。", "tier_after": "", "confirmed": "1"},
                    url=result_url("adjustment-decide", name),
                ),
                Case(
                    "monitoring-result-report",
                    role,
                    "get",
                    read(role, name),
                    target=name,
                    api=False,
                    url=result_url("monitoring-result-report", name),
                ),
                Case(
                    "rectification-list",
                    role,
                    "get",
                    read(role, name),
                    target=name,
                    api=False,
                    url=cluster_url("rectification-list", name),
                ),
                Case(
                    "rectification-list",
                    role,
                    "post",
                    note_write(role, name),
                    target=name,
                    api=False,
                    data={"text": "已制定整改方案。", "decision": ""},
                    url=cluster_url("rectification-list", name),
                ),
            ]
    cases += [
        Case("monitoring-dashboard", ANON, "get", 302, api=False, url=list_url("monitoring-dashboard")),
        Case("monitoring-summary-export", ANON, "get", 302, api=False, url=evaluation_url("monitoring-summary-export")),
        Case("adjustment-history", ANON, "get", 302, api=False, url=decision_url("adjustment-history")),
        Case("adjustment-decide", ANON, "get", 302, api=False, url=result_url("adjustment-decide", "nanjing")),
        Case(
            "monitoring-result-report",
            ANON,
            "get",
            302,
            api=False,
            url=result_url("monitoring-result-report", "nanjing"),
        ),
        Case("rectification-list", ANON, "get", 302, api=False, url=cluster_url("rectification-list", "nanjing")),
    ]
    return cases


def api_cases():
    cases = []
    for role in ROLES:
        ministry = role == "ministry"
        cases += [
            Case("api:adjustment-decision-list", role, "get", 200, url=list_url("api:adjustment-decision-list")),
            Case("api:adjustment-decision-list", role, "post", 400 if ministry else 403, data={}),
            Case("api:rectification-note-list", role, "get", 200, url=list_url("api:rectification-note-list")),
        ]
        for route in ("api:adjustment-decision-detail", "api:adjustment-decision-history"):
            cases.append(Case(route, role, "get", read(role, "cross"), target="cross", url=decision_url(route)))
        for route in ("api:rectification-note-detail", "api:rectification-note-history"):
            cases.append(Case(route, role, "get", read(role, "nanjing"), target="nanjing", url=note_url(route)))
        for name in ("nanjing", "shenzhen"):
            # The rule refuses before the cluster is looked up; an unseen cluster is an unknown one (400).
            expected = 403 if role not in NOTE_WRITERS else 201 if name in READS[role] else 400
            cases.append(
                Case(
                    "api:rectification-note-list",
                    role,
                    "post",
                    expected,
                    target=f"note@{name}_cluster",
                    data={"cluster": "__cluster__", "text": "已制定整改方案。"},
                    url=list_url("api:rectification-note-list"),
                )
            )
    for route in ("api:adjustment-decision-list", "api:rectification-note-list"):
        cases.append(Case(route, ANON, "get", 401))
    cases.append(
        Case("api:adjustment-decision-detail", ANON, "get", 401, url=decision_url("api:adjustment-decision-detail"))
    )
    cases.append(Case("api:rectification-note-detail", ANON, "get", 401, url=note_url("api:rectification-note-detail")))
    return cases


def cases():
    return page_cases() + api_cases()
