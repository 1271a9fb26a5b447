"""Builders for the monitoring tests and the monitoring matrix cases (tests/matrix/monitoring.py)."""

from decimal import Decimal

from django.urls import reverse

from clusters.members.demo import member_years_from_figures
from clusters.models import Cluster, Member, Observation
from monitoring.evaluation import grading, method
from monitoring.evaluation import services as monitoring_services
from monitoring.models import MonitoringEvaluation, MonitoringResult

from ..factories import indicator

CONFIG = method.DEFAULT_CONFIG
ALL_TIERS = list(Cluster.Tier.values)


def seed_data(world):
    """Revenue observations for 2022–2024 (falling for Nanjing) and members (one dominant enterprise in Shenzhen)."""
    revenue = indicator("revenue")
    rows = []
    for name, cluster in world.clusters.items():
        series = [120, 110, 100] if name == "nanjing_cluster" else [100, 110, 120]
        rows += [
            Observation(cluster=cluster, indicator=revenue, year=year, value=Decimal(value), status="verified")
            for year, value in zip((2022, 2023, 2024), series, strict=True)
        ]
    Observation.objects.bulk_create(rows)
    shenzhen = world.shenzhen_cluster
    Member.objects.bulk_create(
        [
            Member(cluster=shenzhen, name="龙头企业", revenue=Decimal(900), joined_year=2024),
            Member(cluster=shenzhen, name="配套企业", revenue=Decimal(100), joined_year=2023),
        ]
    )
    member_years_from_figures(members=Member.objects.filter(cluster=shenzhen), years=(2024,), log=None)


def monitoring_evaluation(world):
    """A succeeded 2024 evaluation of all five clusters (built once per world)."""
    cached = getattr(world, "_monitoring_evaluation", None)
    if cached is None:
        seed_data(world)
        cached = monitoring_services.evaluation_start(year=2024, tiers=ALL_TIERS, by=world.ministry)
        grading.evaluate(cached.pk)  # the task runs after commit, which a test transaction never reaches
        cached.refresh_from_db()
        assert cached.status == MonitoringEvaluation.Status.SUCCEEDED, cached.error
        world._monitoring_evaluation = cached
    return cached


def queued_evaluation(world):
    """An evaluation recorded but not run (the ministry's alone)."""
    cached = getattr(world, "_monitoring_queued", None)
    if cached is None:
        cached = MonitoringEvaluation.objects.create(
            year=2023, method=monitoring_services.method_current(), tiers=ALL_TIERS, created_by=world.ministry
        )
        world._monitoring_queued = cached
    return cached


def result_url(route, cluster_name):
    def make(world):
        evaluation = monitoring_evaluation(world)
        result = MonitoringResult.objects.get(evaluation=evaluation, cluster=world.clusters[cluster_name])
        return reverse(route, args=[result.pk])

    return make


def evaluation_url(route, *, queued=False):
    def make(world):
        evaluation = queued_evaluation(world) if queued else monitoring_evaluation(world)
        return reverse(route, args=[evaluation.pk])

    return make


def method_url(route):
    def make(world):
        return reverse(route, args=[monitoring_services.method_current().pk])

    return make


def plain_url(route):
    def make(world):
        monitoring_evaluation(world)
        return reverse(route)

    return make
