"""The inputs of a monitoring evaluation: what is read for each cluster (`ClusterData`, `MonitoringData`), their
digest, and `load(...)`, which reads them in a constant number of queries whatever the number of clusters."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.functions import RowNumber

from monitoring.evaluation.method import deadline_of, indicator_codes_of

# Data --------------------------------------------------------------------------------------------------------------


@dataclass
class ClusterData:
    """Everything the engine reads about one cluster (plain values)."""

    id: int
    name: str
    observations: dict = field(default_factory=dict)  # code -> {year: float}
    network: dict | None = None  # latest succeeded analysis figures
    previous_network: dict | None = None  # the one before it
    members: dict = field(default_factory=dict)
    largest_enterprise: str = ""
    plan: dict | None = None  # {"id", "title", "targets": [{"code", "status", ...}]}
    previous: dict | None = None  # last year's result: {"overall", "grade", "evaluation"}
    rectification: dict | None = None  # last rectification note


@dataclass
class MonitoringData:
    year: int
    config: dict
    clusters: list  # of ClusterData, ordered by id
    higher_is_better: dict  # code -> bool
    indicator_names: dict  # code -> (name, name_en, unit)
    deadline_passed: bool
    deadline: str

    def canonical(self) -> dict:
        """The inputs as plain JSON, for the digest (the rectification note is shown, not scored)."""
        return {
            "year": self.year,
            "config": self.config,
            "deadline_passed": self.deadline_passed,
            "directions": self.higher_is_better,
            "clusters": [
                {
                    "id": c.id,
                    "observations": {
                        code: {str(y): v for y, v in sorted(s.items())} for code, s in sorted(c.observations.items())
                    },
                    "network": c.network,
                    "previous_network": c.previous_network,
                    "members": c.members,
                    "plan": c.plan,
                    "previous": c.previous,
                }
                for c in self.clusters
            ],
        }


def digest_of(data: MonitoringData) -> str:
    text = json.dumps(data.canonical(), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def load(*, year: int, config: dict, clusters, as_of: datetime.datetime, exclude_evaluation=None) -> MonitoringData:
    """The engine's data for `clusters` (a queryset) and `year`: nine queries whatever their number."""
    from clusters.models import Indicator, Member, NetworkAnalysis, Observation
    from monitoring.models import MonitoringEvaluation, MonitoringResult, RectificationNote
    from policies.models import CultivationPlan, PlanTarget
    from policies.plans_progress import target_progress

    cluster_rows = list(clusters.order_by("pk").values_list("pk", "name"))
    ids = clusters.values("pk")
    catalogue = {
        code: (higher, name, name_en, unit)
        for code, higher, name, name_en, unit in Indicator.objects.values_list(
            "code", "higher_is_better", "name", "name_en", "unit"
        )
    }
    data = {pk: ClusterData(id=pk, name=name) for pk, name in cluster_rows}

    # Plans: the latest approved plan per cluster that started by the evaluated year, with its targets.
    plans = {}
    target_rows = (
        PlanTarget.objects.filter(
            plan__cluster__in=ids, plan__status=CultivationPlan.Status.APPROVED, plan__period_start__lte=year
        )
        .order_by("plan__cluster_id", "-plan__period_start", "-plan_id", "pk")
        .values_list(
            "plan__cluster_id",
            "plan_id",
            "plan__title",
            "indicator__code",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "pk",
        )
    )
    for cluster_id, plan_id, title, code, b_year, b_value, t_year, t_value, pk in target_rows:
        plan = plans.setdefault(cluster_id, {"id": plan_id, "title": title, "targets": []})
        if plan["id"] == plan_id:
            plan["targets"].append(
                {
                    "id": pk,
                    "code": code,
                    "baseline_year": b_year,
                    "baseline_value": b_value,
                    "target_year": t_year,
                    "target_value": t_value,
                }
            )

    codes = set(indicator_codes_of(config)) | {"local_supporting_rate"}
    codes |= {t["code"] for plan in plans.values() for t in plan["targets"]}
    first_year = min([year - 4, *(t["baseline_year"] for p in plans.values() for t in p["targets"])])
    observations = Observation.objects.filter(
        cluster__in=ids, indicator__code__in=sorted(codes), year__gte=first_year, year__lte=year
    ).values_list("cluster_id", "indicator__code", "year", "value")
    for cluster_id, code, obs_year, value in observations.order_by():
        data[cluster_id].observations.setdefault(code, {})[obs_year] = float(value)

    for cluster_id, plan in plans.items():
        targets = []
        for t in plan["targets"]:
            series = {y: Decimal(str(v)) for y, v in data[cluster_id].observations.get(t["code"], {}).items()}
            target = _Target(t["baseline_year"], t["baseline_value"], t["target_year"], t["target_value"])
            progress = target_progress(target, series, higher_is_better=catalogue.get(t["code"], (True,))[0])
            targets.append(
                {
                    "id": t["id"],
                    "code": t["code"],
                    "status": progress.status,
                    "year": progress.year,
                    "actual": None if progress.actual is None else float(progress.actual),
                    "expected": None if progress.expected is None else float(progress.expected),
                    "target_year": t["target_year"],
                    "target_value": float(t["target_value"]),
                }
            )
        data[cluster_id].plan = {"id": plan["id"], "title": plan["title"], "targets": targets}

    # Network: the latest two succeeded analyses finished before the evaluation was recorded.
    analyses = (
        NetworkAnalysis.objects.filter(cluster__in=ids, status=NetworkAnalysis.Status.SUCCEEDED, finished__lte=as_of)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("cluster_id")], order_by=[F("finished").desc(), F("pk").desc()])
        )
        .filter(rank__lte=2)
        .values_list(
            "cluster_id",
            "rank",
            "pk",
            "finished",
            "nodes",
            "edges",
            "density",
            "clustering",
            "local_supporting_rate",
            "articulation_points",
            "chain_link_coverage",
        )
    )
    for cluster_id, rank, pk, finished, nodes, edges, density, clustering, lsr, points, coverage in analyses:
        empty = [link.get("name", "") for link in coverage or [] if link.get("flag") == "empty"]
        figures = {
            "id": pk,
            "finished": finished.date().isoformat() if finished else None,
            "nodes": nodes,
            "edges": edges,
            "density": density,
            "clustering": clustering,
            "local_supporting_rate": lsr,
            "articulation_points": len(points or []),
            "chain_links": len(coverage or []),
            "empty_links": len(empty),
            "empty_names": empty,
        }
        if rank == 1:
            data[cluster_id].network = figures
        else:
            data[cluster_id].previous_network = figures

    # Members: one aggregate row per cluster.
    enterprise = Q(kind=Member.Kind.ENTERPRISE, revenue__isnull=False)
    member_rows = (
        Member.objects.filter(cluster__in=ids)
        .order_by()
        .values("cluster_id")
        .annotate(
            total=Count("pk"),
            leading=Count("pk", filter=Q(is_leading=True)),
            champions=Count("pk", filter=Q(is_single_champion=True) | Q(is_little_giant=True)),
            with_joined_year=Count("pk", filter=Q(joined_year__isnull=False, joined_year__lte=year)),
            latest_joined=Max("joined_year", filter=Q(joined_year__lte=year)),
            new_members=Count("pk", filter=Q(joined_year__gte=year - 1, joined_year__lte=year)),
            enterprises_with_revenue=Count("pk", filter=enterprise),
            revenue_total=Sum("revenue", filter=enterprise),
            revenue_largest=Max("revenue", filter=enterprise),
            revenue_squares=Sum(F("revenue") * F("revenue"), filter=enterprise),
        )
    )
    for row in member_rows:
        cluster_id = row.pop("cluster_id")
        data[cluster_id].members = {
            key: (float(value) if isinstance(value, Decimal) else value) for key, value in row.items()
        }
    largest = first_per_cluster(
        Member.objects.filter(enterprise, cluster__in=ids), [F("revenue").desc(), F("pk")]
    ).values_list("cluster_id", "name")
    for cluster_id, name in largest:
        data[cluster_id].largest_enterprise = name

    # Last year's result: the latest succeeded evaluation of the previous year that evaluated the cluster.
    previous = first_per_cluster(
        MonitoringResult.objects.filter(
            cluster__in=ids, evaluation__year=year - 1, evaluation__status=MonitoringEvaluation.Status.SUCCEEDED
        ).exclude(evaluation_id=exclude_evaluation),
        [F("evaluation__created").desc(), F("evaluation_id").desc()],
    ).values_list("cluster_id", "evaluation_id", "overall", "grade", "recommendation")
    for cluster_id, evaluation_id, overall, grade, recommendation in previous:
        data[cluster_id].previous = {
            "evaluation": evaluation_id,
            "overall": float(overall),
            "grade": grade,
            "recommendation": recommendation,
        }

    notes = first_per_cluster(
        RectificationNote.objects.filter(cluster__in=ids, created__lte=as_of), [F("created").desc(), F("pk").desc()]
    ).values_list("cluster_id", "pk", "text", "created", "organisation__name")
    for cluster_id, pk, text, created, organisation in notes:
        data[cluster_id].rectification = {
            "id": pk,
            "text": text,
            "created": created.date().isoformat(),
            "organisation": organisation,
        }

    deadline = deadline_of(config, year)
    return MonitoringData(
        year=year,
        config=config,
        clusters=[data[pk] for pk, _name in cluster_rows],
        higher_is_better={code: row[0] for code, row in sorted(catalogue.items())},
        indicator_names={code: row[1:] for code, row in catalogue.items()},
        deadline_passed=as_of.date() > deadline,
        deadline=deadline.isoformat(),
    )


def first_per_cluster(queryset, order_by):
    """The first row per cluster in `order_by` (a window, so it runs on SQLite too)."""
    return queryset.annotate(first_rank=Window(RowNumber(), partition_by=[F("cluster_id")], order_by=order_by)).filter(
        first_rank=1
    )


@dataclass(frozen=True)
class _Target:
    baseline_year: int
    baseline_value: Decimal
    target_year: int
    target_value: Decimal
