"""Factories for the monitoring models: methods, evaluations, results, warnings and adjustments."""

import copy
import datetime
from decimal import Decimal

import factory

from clusters.models import Cluster
from monitoring.evaluation.method import DEFAULT_CONFIG
from monitoring.models import (
    AdjustmentDecision,
    EarlyWarning,
    MonitoringEvaluation,
    MonitoringMethod,
    MonitoringResult,
    RectificationNote,
)

from .clusters import ClusterFactory


class MonitoringMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringMethod

    version = factory.Sequence(lambda n: 1000 + n)
    name = factory.Sequence(lambda n: f"集群监测评价方法{n}")
    config = factory.LazyFunction(lambda: copy.deepcopy(DEFAULT_CONFIG))


class MonitoringEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringEvaluation

    year = factory.Sequence(lambda n: 2020 + n % 5)
    method = factory.SubFactory(MonitoringMethodFactory)
    tiers = factory.LazyFunction(lambda: [Cluster.Tier.NATIONAL.value])


class MonitoringResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringResult

    evaluation = factory.SubFactory(MonitoringEvaluationFactory)
    cluster = factory.SubFactory(ClusterFactory)
    scores = factory.LazyFunction(lambda: {"scale": "75.00", "innovation": "70.00"})
    inputs = factory.LazyFunction(lambda: {"revenue": {"2023": "850.0", "2024": "1000.0"}})
    overall = Decimal("72.50")
    grade = "B"
    recommendation = "keep"


class EarlyWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyWarning

    result = factory.SubFactory(MonitoringResultFactory, recommendation="warn")
    rule = "indicator_falling"
    details = factory.LazyFunction(lambda: {"indicator": "revenue", "years": 2})


class AdjustmentDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdjustmentDecision

    result = factory.SubFactory(MonitoringResultFactory)
    decision = "keep"
    reason = "年度监测评价结果良好，保留集群称号。"
    tier_before = Cluster.Tier.NATIONAL
    tier_after = Cluster.Tier.NATIONAL
    decided_at = factory.LazyFunction(lambda: datetime.datetime(2024, 6, 30, 9, 0, tzinfo=datetime.UTC))


class RectificationNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationNote

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SelfAttribute("cluster.promotion_body")
    text = "已针对预警指标制定整改措施，加快龙头企业培育。"
