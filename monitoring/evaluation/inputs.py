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
    observations: dict = field(default_factory=dict)  # code -> {year: float}, verified values only
    key_links: list = field(default_factory=list)  # chain links the approved plan names as key
    unverified: dict = field(default_factory=dict)  # code -> [year]: values filed or drafted but not verified
    network: dict | None = None  # figures of the latest succeeded analysis of the evaluated year
    previous_network: dict | None = None  # that of the year before
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
                    "key_links": c.key_links,
                    "unverified": {code: sorted(years) for code, years in sorted(c.unverified.items())},
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
    from clusters.models import Indicator, Member, MemberYear, NetworkAnalysis, Observation
    from monitoring.models import MonitoringEvaluation, MonitoringResult, RectificationNote
    from policies.models import CultivationPlan, PlanTarget
    from policies.plans.progress import target_progress

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

    # The key chain links of each cluster's latest approved plan that started by the evaluated year.
    key_rows = (
        CultivationPlan.key_chain_links.through.objects.filter(
            cultivationplan__cluster__in=ids,
            cultivationplan__status=CultivationPlan.Status.APPROVED,
            cultivationplan__period_start__lte=year,
        )
        .order_by(
            "cultivationplan__cluster_id", "-cultivationplan__period_start", "-cultivationplan_id", "chainlink__name"
        )
        .values_list("cultivationplan__cluster_id", "cultivationplan_id", "chainlink__name")
    )
    key_plan = {}
    for cluster_id, plan_id, name in key_rows:
        if key_plan.setdefault(cluster_id, plan_id) == plan_id:
            data[cluster_id].key_links.append(name)

    codes = set(indicator_codes_of(config)) | {"local_supporting_rate"}
    codes |= {t["code"] for plan in plans.values() for t in plan["targets"]}
    first_year = min([year - 4, *(t["baseline_year"] for p in plans.values() for t in p["targets"])])
    observations = Observation.objects.filter(
        cluster__in=ids, indicator__code__in=sorted(codes), year__gte=first_year, year__lte=year
    ).values_list("cluster_id", "indicator__code", "year", "value", "status")
    for cluster_id, code, obs_year, value, status in observations.order_by():
        if status == Observation.Status.VERIFIED:  # only verified values count
            data[cluster_id].observations.setdefault(code, {})[obs_year] = float(value)
        else:
            data[cluster_id].unverified.setdefault(code, []).append(obs_year)

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

    # Network: the latest succeeded analysis of the evaluated year and of the year before, each finished before the
    # evaluation was recorded (an analysis of year Y reads the network of Y: collaborations and members until then).
    analyses = (
        NetworkAnalysis.objects.filter(
            cluster__in=ids, status=NetworkAnalysis.Status.SUCCEEDED, finished__lte=as_of, year__in=[year, year - 1]
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("cluster_id"), F("year")],
                order_by=[F("finished").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values_list(
            "cluster_id",
            "year",
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
    for cluster_id, analysed, pk, finished, nodes, edges, density, clustering, lsr, points, coverage in analyses:
        empty = [link.get("name", "") for link in coverage or [] if link.get("flag") == "empty"]
        figures = {
            "id": pk,
            "year": analysed,
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
        if analysed == year:
            data[cluster_id].network = figures
        else:
            data[cluster_id].previous_network = figures

    # Members: one aggregate row per cluster of the members' figures of the evaluated year; a member without
    # figures for that year is missing from every count and total (missing data never helps).
    enterprise = Q(member__kind=Member.Kind.ENTERPRISE, revenue__isnull=False)
    joined = "member__joined_year"
    member_rows = (
        MemberYear.objects.filter(cluster__in=ids, year=year)
        .order_by()
        .values("cluster_id")
        .annotate(
            total=Count("pk"),
            leading=Count("pk", filter=Q(is_leading=True)),
            champions=Count("pk", filter=Q(is_single_champion=True) | Q(is_little_giant=True)),
            with_joined_year=Count("pk", filter=Q(**{f"{joined}__isnull": False, f"{joined}__lte": year})),
            latest_joined=Max(joined, filter=Q(**{f"{joined}__lte": year})),
            new_members=Count("pk", filter=Q(**{f"{joined}__gte": year - 1, f"{joined}__lte": year})),
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
        MemberYear.objects.filter(enterprise, cluster__in=ids, year=year), [F("revenue").desc(), F("member_id")]
    ).values_list("cluster_id", "member__name")
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
