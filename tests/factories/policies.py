"""Factories for the policy models: the library (policies, instruments, toolkits) and cultivation plans."""

import datetime
from decimal import Decimal

import factory

from policies.models import (
    CultivationPlan,
    Instrument,
    InstrumentDisbursement,
    KeyTask,
    PlanTarget,
    PlanTransition,
    PlanVersion,
    Policy,
    PolicyCategory,
    Toolkit,
)

from .clusters import ClusterFactory, indicator
from .tenancy import OrganisationFactory


class PolicyCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"测试类别{n}")
    name_en = factory.Sequence(lambda n: f"Test category {n}")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    issuer = factory.SubFactory(OrganisationFactory, kind="local")
    title = factory.Sequence(lambda n: f"关于促进先进制造业集群发展的若干措施（第{n}号）")
    issued_on = datetime.date(2023, 3, 15)
    effective_on = datetime.date(2023, 4, 1)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    policy = factory.SubFactory(PolicyFactory)
    kind = Instrument.Kind.SPECIAL_FUND
    category = factory.SubFactory(PolicyCategoryFactory)
    name = factory.Sequence(lambda n: f"集群发展专项资金{n}")
    amount = Decimal("5000.00")


class InstrumentDisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentDisbursement

    instrument = factory.SubFactory(InstrumentFactory)
    year = factory.Sequence(lambda n: 2020 + n % 5)
    amount = Decimal("1200.00")


class ToolkitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Toolkit

    owner = factory.SubFactory(OrganisationFactory, kind="local")
    cluster = factory.SubFactory(ClusterFactory)
    title = "集群政策工具包"


class CultivationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CultivationPlan

    cluster = factory.SubFactory(ClusterFactory)
    title = factory.Sequence(lambda n: f"集群培育提升三年行动方案{n}")
    period_start = 2022
    period_end = 2024


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask

    plan = factory.SubFactory(CultivationPlanFactory)
    task = "建设集群公共技术服务平台"
    department = "市工业和信息化局"
    deadline = datetime.date(2024, 12, 31)


class PlanTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTarget

    plan = factory.SubFactory(CultivationPlanFactory)
    indicator = factory.LazyFunction(lambda: indicator("revenue"))
    baseline_year = 2022
    baseline_value = Decimal("850.0")
    target_year = 2024
    target_value = Decimal("1000.0")


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """A frozen snapshot; numbers run per plan, so each default plan gets version 1."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(CultivationPlanFactory)
    number = 1
    snapshot = factory.LazyAttribute(lambda v: {"title": v.plan.title, "key_tasks": [], "targets": []})


class PlanTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTransition

    plan = factory.SubFactory(CultivationPlanFactory)
    action = PlanTransition.Action.SUBMIT
    from_status = CultivationPlan.Status.DRAFT
    to_status = CultivationPlan.Status.SUBMITTED
    version = 1
