"""Cultivation plans: field-level validation of the plan, its owners, targets and key tasks, through the services, the
API and the form, with nothing written when a field is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from policies.models import CultivationPlan, PlanTarget
from policies.plans.services import plan_create

from .builders.plans import messages_of, target, task

HIGHER_IS_BETTER = "Higher is better for this indicator: the target cannot be below the baseline."
LOWER_IS_BETTER = "Lower is better for this indicator: the target cannot be above the baseline."


# Field-level validation ------------------------------------------------------------------------------------------


def create_errors(world, by="jiangsu", cluster="nanjing_cluster", owners=None, **fields):
    values = {
        "title": "方案",
        "period_start": 2023,
        "period_end": 2027,
        "tasks": [task()],
        "targets": [target()],
    }
    values.update(fields)
    count = CultivationPlan._base_manager.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        plan_create(
            by=world.user(by),
            cluster=world.clusters[cluster],
            owners=[world.orgs[name] for name in owners] if owners else None,
            **values,
        )
    assert CultivationPlan._base_manager.count() == count, "a refused plan was created"
    return messages_of(refused.value)


def test_a_plan_for_a_cluster_outside_the_jurisdiction_is_a_field_error(world):
    assert create_errors(world, by="guangdong", cluster="nanjing_cluster") == {
        "cluster": ["Choose a cluster with a region in your jurisdiction."]
    }


def test_a_co_owner_must_hold_a_region_of_the_cluster(world):
    errors = create_errors(world, owners=["jiangsu", "guangdong"])
    name = world.orgs["guangdong"].name_en  # the message is in English, so is the name
    assert errors == {"owners": [f"{name} has no region of this cluster in its jurisdiction."]}
    assert create_errors(world, owners=["guangdong"], cluster="cross_cluster") == {
        "owners": ["Your organisation must be one of the owners."]
    }


@pytest.mark.parametrize(
    ("bad", "errors"),
    [
        (
            {"baseline_year": 2027, "target_year": 2027},
            {"targets.0.target_year": ["The target year must come after the baseline year."]},
        ),
        (
            {"baseline_year": 2010},
            {"targets.0.baseline_year": ["The baseline year lies between 2018 and the period's first year, 2023."]},
        ),
        (
            {"target_year": 2040},
            {
                "targets.0.target_year": [
                    "The target year lies between 2024 and 2032 (the period or up to five years after it)."
                ]
            },
        ),
        (
            {"target_value": "90"},
            {"targets.0.target_value": [HIGHER_IS_BETTER]},
        ),
        (
            {"code": "energy_per_output", "baseline_value": "0.5", "target_value": "0.6"},
            {"targets.0.target_value": [LOWER_IS_BETTER]},
        ),
        (
            {"code": "rd_intensity", "baseline_value": "3", "target_value": "120"},
            {"targets.0.target_value": ["A percentage cannot exceed 100."]},
        ),
        ({"baseline_value": "-1"}, {"targets.0.baseline_value": ["The value cannot be negative."]}),
    ],
    ids=["year-order", "baseline-early", "target-late", "below-baseline", "lower-is-better", "percent", "negative"],
)
def test_target_errors_are_field_errors_and_nothing_is_created(world, bad, errors):
    assert create_errors(world, targets=[target(**bad)]) == errors


def test_a_second_target_on_the_same_indicator_and_bad_tasks_are_field_errors(world):
    errors = create_errors(
        world,
        targets=[target(), target(target_value="300")],
        tasks=[task(), {"task": "", "department": "", "deadline": None}],
        period_end=2022,
    )
    assert errors == {
        "period_end": ["The period cannot end before it starts."],
        "tasks.1.task": ["Describe the task."],
        "tasks.1.department": ["Name the responsible department."],
        "tasks.1.deadline": ["Enter the deadline."],
        "targets.1.indicator": ["The plan already has a target for this indicator."],
    }


def test_the_api_answers_nested_errors_as_flat_field_errors(world, client_for):
    client = client_for(world.jiangsu)
    payload = {
        "cluster": world.nanjing_cluster.pk,
        "title": "方案",
        "period_start": 2023,
        "period_end": 2027,
        "tasks": [{"task": "任务", "department": "部门", "deadline": "not a date"}],
        "targets": [
            {
                "indicator": "revenue",
                "baseline_year": 2022,
                "baseline_value": 100,
                "target_year": 2021,
                "target_value": 150,
            }
        ],
    }
    response = client.post(reverse("api:plan-list"), payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["tasks.0.deadline"]
    payload["tasks"][0]["deadline"] = "2026-01-31"
    response = client.post(reverse("api:plan-list"), payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "targets.0.target_year": ["The target year must come after the baseline year."]
    }
    assert not CultivationPlan._base_manager.exists()
    payload["targets"][0]["target_year"] = 2027
    response = client.post(reverse("api:plan-list"), payload, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["owners"] == [world.orgs["jiangsu"].pk]
    assert body["targets"][0]["target_value"] == 150
    assert body["tasks"][0]["deadline"] == "2026-01-31"


def test_the_form_puts_service_errors_on_the_row_fields(world, page_client_for):
    client = page_client_for(world.jiangsu)
    data = {
        "cluster": world.nanjing_cluster.pk,
        "title": "方案",
        "period_start": "2023",
        "period_end": "2027",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-task": "任务",
        "tasks-0-department": "部门",
        "tasks-0-deadline": "2026-01-31",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-indicator": "revenue",
        "targets-0-baseline_year": "2022",
        "targets-0-baseline_value": "100",
        "targets-0-target_year": "2027",
        "targets-0-target_value": "80",
    }
    response = client.post(reverse("plan-add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    row = response.context["target_formset"].forms[0]
    assert row.errors == {"target_value": [HIGHER_IS_BETTER]}
    assert not CultivationPlan._base_manager.exists()
    data["targets-0-target_value"] = "180"
    response = client.post(reverse("plan-add"), data)
    plan = CultivationPlan._base_manager.get()
    assert response.status_code == 302 and response["Location"] == reverse("plan-detail", args=[plan.pk])
    assert PlanTarget._base_manager.get(plan=plan).target_value == Decimal("180")
