"""Cultivation plans: frozen versions that neither the ORM, the API nor the pages can change, and the diff between
versions."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from policies.models import ImmutableRowError, PlanTransition, PlanVersion
from policies.plans.services import plan_submit, plan_update
from policies.plans.versions import diff

from .builders.plans import frozen_state, make_plan, target, task

# Frozen versions -------------------------------------------------------------------------------------------------


def test_a_frozen_version_cannot_be_changed_or_deleted_through_the_orm(world):
    plan = make_plan(world, state="submitted")
    version = PlanVersion.objects.get(plan=plan)
    rows = list(PlanVersion._base_manager.values())
    version.snapshot = {"title": "改过的"}
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        version.delete()
    with pytest.raises(ImmutableRowError):
        PlanVersion.objects.filter(plan=plan).update(snapshot={})
    with pytest.raises(ImmutableRowError):
        PlanVersion.objects.filter(plan=plan).delete()
    # Below the ORM, the database refuses too.
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion._base_manager.filter(plan=plan).update(snapshot={})
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM policies_planversion")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTransition._base_manager.filter(plan=plan).update(comment="改")
    assert list(PlanVersion._base_manager.values()) == rows


def test_editing_a_returned_plan_leaves_its_version_as_frozen(world):
    plan = make_plan(world, state="returned")
    frozen = PlanVersion._base_manager.get(plan=plan).snapshot
    plan_update(
        plan=plan,
        by=world.jiangsu,
        title="新标题",
        tasks=[task("新任务")],
        targets=[target(target_value="260"), target("little_giants", baseline_value="10", target_value="20")],
    )
    assert PlanVersion._base_manager.get(plan=plan).snapshot == frozen
    assert frozen["title"] != "新标题"


def test_a_submitted_plan_and_its_versions_cannot_be_changed_through_the_api(world, client_for):
    plan = make_plan(world, state="submitted")
    before = frozen_state(plan)
    client = client_for(world.jiangsu)
    detail = reverse("api:plan-detail", args=[plan.pk])
    response = client.patch(detail, {"title": "改", "targets": []}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "not_editable",
        "message": "This plan is Submitted and cannot be changed: only a draft or a returned plan can be edited.",
    }
    assert client.put(detail, {"title": "改"}, format="json").status_code == 405
    response = client.delete(detail)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "not_editable")
    version = reverse("api:plan-version", args=[plan.pk, 1])
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(version, {"snapshot": {}}, format="json").status_code == 405, method
    assert frozen_state(plan) == before


def test_a_submitted_plan_and_its_versions_cannot_be_changed_through_the_pages(world, page_client_for):
    from .builders.plans import plan_form_data

    plan = make_plan(world, state="submitted")
    before = frozen_state(plan)
    client = page_client_for(world.jiangsu)
    response = client.post(reverse("plan-edit", args=[plan.pk]), plan_form_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == reverse("plan-detail", args=[plan.pk])
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This plan is Submitted and cannot be changed" in page
    assert 'id="edit-plan"' not in page
    assert client.post(reverse("plan-version", args=[plan.pk, 1]), {"title": "改"}).status_code == 405
    response = client.post(reverse("plan-delete", args=[plan.pk]))
    assert response.status_code == 302
    assert frozen_state(plan) == before


# The diff --------------------------------------------------------------------------------------------------------


def test_the_diff_shows_what_changed_between_versions(world, client_for, page_client_for):
    platform = task("建设公共服务平台", deadline=datetime.date(2026, 6, 30))
    plan = make_plan(world, state="returned", tasks=[task("培育链主企业"), platform])
    plan_update(
        plan=plan,
        by=world.jiangsu,
        overall_thinking="以链主企业为引领，强化开放合作。",
        tasks=[
            task("完善协同机制", department="省发展改革委"),
            task("培育链主企业"),
            task("建设公共服务平台", department="市工业和信息化局", deadline=datetime.date(2026, 6, 30)),
        ],
        targets=[target(target_value="220"), target("little_giants", baseline_value="10", target_value="20")],
    )
    plan_submit(plan=plan, by=world.jiangsu)
    body = client_for(world.ministry).get(reverse("api:plan-diff", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["from_version"], body["to_version"], body["changed"]) == (1, 2, True)
    [thinking] = body["plan"]
    assert thinking["field"] == "overall_thinking"
    assert thinking["old"] == "以链主企业为引领，强化协同创新。"
    assert thinking["new"] == "以链主企业为引领，强化开放合作。"
    assert [s for s in thinking["segments"] if s["op"] != "equal"] == [
        {"op": "delete", "text": "协同创新"},
        {"op": "insert", "text": "开放合作"},
    ]
    assert [(t["change"], t["task"]) for t in body["tasks"]] == [
        ("added", "完善协同机制"),
        ("changed", "建设公共服务平台"),
    ]
    assert body["tasks"][1]["changes"] == [
        {"field": "department", "label": "Responsible department", "old": "省工业和信息化厅", "new": "市工业和信息化局"}
    ]
    assert [(t["change"], t["indicator"]) for t in body["targets"]] == [
        ("changed", "revenue"),
        ("added", "little_giants"),
    ]
    assert body["targets"][0]["changes"] == [
        {"field": "target_value", "label": "Target value", "old": "200", "new": "220"}
    ]
    page = page_client_for(world.ministry).get(reverse("plan-diff", args=[plan.pk])).content.decode()
    assert "开放合作</ins>" in page and "协同创新</del>" in page
    assert 'data-kind="added" data-indicator="little_giants"' in page


def test_a_task_inserted_first_shows_as_added_not_every_task_as_changed():
    old = {"tasks": [{"position": 1, "task": "甲", "department": "一", "deadline": "2025-01-01"}]}
    new = {
        "tasks": [
            {"position": 1, "task": "乙", "department": "二", "deadline": "2025-01-01"},
            {"position": 2, "task": "甲", "department": "一", "deadline": "2025-01-01"},
        ]
    }
    assert [(t["change"], t["task"]) for t in diff(old, new)["tasks"]] == [("added", "乙")]
    assert diff(new, new)["changed"] is False
