"""Plans for the tests: made through the services, in any workflow state; the state a refused request must leave
as it was, and the messages of a validation error."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from policies.models import CultivationPlan, KeyTask, PlanTarget, PlanTransition, PlanVersion
from policies.plans.services import plan_approve, plan_create, plan_return, plan_submit
from tenancy.models import Notification

from ..factories import indicator

STATES = ("draft", "submitted", "returned", "resubmitted", "approved")


def target(code="revenue", baseline_year=2022, baseline_value="100", target_year=2027, target_value="200"):
    return {
        "indicator": indicator(code),
        "baseline_year": baseline_year,
        "baseline_value": Decimal(baseline_value),
        "target_year": target_year,
        "target_value": Decimal(target_value),
    }


def task(text="培育链主企业", department="省工业和信息化厅", deadline=datetime.date(2025, 12, 31)):
    return {"task": text, "department": department, "deadline": deadline}


def make_plan(world, *, cluster="nanjing_cluster", by="jiangsu", owners=None, state="draft", title=None, **fields):
    """A plan of a world cluster filed by a cast local government, brought to `state` through the services."""
    cluster_obj = world.clusters[cluster]
    values = {
        "title": title or f"{cluster_obj.name}培育提升方案",
        "period_start": 2023,
        "period_end": 2027,
        "overall_thinking": "以链主企业为引领，强化协同创新。",
        "stage_point": "培育链主企业。",
        "tasks": [task()],
        "targets": [target()],
    }
    values.update(fields)
    plan = plan_create(
        by=world.user(by),
        cluster=cluster_obj,
        owners=[world.orgs[name] for name in owners] if owners else None,
        **values,
    )
    if state == "draft":
        return plan
    plan_submit(plan=plan, by=world.user(by))
    if state in ("returned", "resubmitted"):
        plan_return(plan=plan, by=world.ministry, comment="请细化目标的年度分解。")
    if state == "resubmitted":
        plan_submit(plan=plan, by=world.user(by))
    if state == "approved":
        plan_approve(plan=plan, by=world.ministry)
    plan.refresh_from_db()
    return plan


def status_of(plan):
    return CultivationPlan._base_manager.get(pk=plan.pk).status


def plan_form_data():
    """A complete, valid plan form (with one key task and one target)."""
    return {
        "title": "修订后的培育提升方案",
        "period_start": "2023",
        "period_end": "2027",
        "overall_thinking": "链主引领。",
        "stage_point": "",
        "stage_line": "",
        "stage_surface": "",
        "stage_network": "",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-task": "建设公共服务平台",
        "tasks-0-department": "市工业和信息化局",
        "tasks-0-deadline": "2026-06-30",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-indicator": "revenue",
        "targets-0-baseline_year": "2022",
        "targets-0-baseline_value": "100",
        "targets-0-target_year": "2027",
        "targets-0-target_value": "180",
    }


def frozen_state(plan):
    """Everything a refused request must leave as it was."""
    return {
        "plan": list(CultivationPlan._base_manager.filter(pk=plan.pk).values()),
        "owners": sorted(CultivationPlan.owners.through.objects.filter(cultivationplan_id=plan.pk).values_list()),
        "tasks": list(KeyTask._base_manager.filter(plan=plan).order_by("pk").values()),
        "targets": list(PlanTarget._base_manager.filter(plan=plan).order_by("pk").values()),
        "versions": list(PlanVersion._base_manager.filter(plan=plan).order_by("pk").values()),
        "transitions": list(PlanTransition._base_manager.filter(plan=plan).order_by("pk").values()),
        "notifications": Notification._base_manager.count(),
        "history": plan.history.count(),
    }


def messages_of(exc: ValidationError) -> dict:
    return exc.message_dict
