"""Cultivation plans: the workflow and its illegal transitions, field-level validation, frozen versions, the diff,
visibility of lists, concurrency of transitions, and query counts of the lists."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from policies.models import CultivationPlan, ImmutableRowError, KeyTask, PlanTarget, PlanTransition, PlanVersion
from policies.plans.services import plan_approve, plan_create, plan_delete, plan_return, plan_submit, plan_update
from policies.plans.versions import diff
from tenancy.errors import Refusal
from tenancy.models import Notification

from .builders.plans import make_plan, target, task
from .cast import ROLES
from .conftest import count_queries
from .factories import ClusterFactory

HIGHER_IS_BETTER = "Higher is better for this indicator: the target cannot be below the baseline."
LOWER_IS_BETTER = "Lower is better for this indicator: the target cannot be above the baseline."


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


# The workflow ----------------------------------------------------------------------------------------------------


def test_a_local_government_files_a_draft_that_only_it_sees(world):
    plan = make_plan(world)
    assert (plan.status, plan.version) == ("draft", 0)
    assert plan.owner_ids == {world.orgs["jiangsu"].pk}
    assert not PlanVersion._base_manager.filter(plan=plan).exists()
    assert plan.history.first().history_user == world.jiangsu


def test_submitting_freezes_version_1_records_the_step_and_notifies_the_ministry(world):
    plan = make_plan(world)
    plan_submit(plan=plan, by=world.jiangsu, comment="请审阅。")
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("submitted", 1)
    version = PlanVersion._base_manager.get(plan=plan)
    assert version.number == 1 and version.submitted_by == world.jiangsu
    assert version.snapshot["title"] == plan.title
    assert version.snapshot["tasks"] == [
        {"position": 1, "task": "培育链主企业", "department": "省工业和信息化厅", "deadline": "2025-12-31"}
    ]
    frozen_target = version.snapshot["targets"][0]
    assert frozen_target["name"] == "营业收入"
    assert {key: value for key, value in frozen_target.items() if key not in ("name", "name_en", "unit")} == {
        "indicator": "revenue",
        "baseline_year": 2022,
        "baseline_value": "100",
        "target_year": 2027,
        "target_value": "200",
    }
    step = PlanTransition._base_manager.get(plan=plan)
    assert (step.action, step.from_status, step.to_status, step.version, step.comment) == (
        "submit",
        "draft",
        "submitted",
        1,
        "请审阅。",
    )
    assert step.by == world.jiangsu and step.by_organisation == world.orgs["jiangsu"]
    notes = list(Notification._base_manager.all())
    assert [(n.organisation_id, n.kind, n.actor_id) for n in notes] == [
        (world.orgs["ministry"].pk, "plans.submitted", world.jiangsu.pk)
    ]
    assert notes[0].link == reverse("plan-detail", args=[plan.pk])
    with translation.override("en"):
        assert str(notes[0]) == (
            f"{world.orgs['jiangsu'].name_en} submitted the cultivation plan “{plan.title}” of "
            f"{world.nanjing_cluster.name_en} (version 1)."
        )


def test_returning_needs_a_comment_and_notifies_every_owner(world):
    plan = make_plan(world, cluster="cross_cluster", owners=["jiangsu", "guangdong"], state="submitted")
    before = frozen_state(plan)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        plan_return(plan=plan, by=world.ministry, comment="  ")
    assert messages_of(refused.value) == {"comment": ["Say what needs to change: returning a plan needs a comment."]}
    assert frozen_state(plan) == before
    plan_return(plan=plan, by=world.ministry, comment="请细化年度目标。")
    plan.refresh_from_db()
    assert plan.status == "returned"
    returned = Notification._base_manager.filter(kind="plans.returned")
    assert sorted(returned.values_list("organisation_id", flat=True)) == sorted(
        [world.orgs["jiangsu"].pk, world.orgs["guangdong"].pk]
    )
    assert returned.first().params["comment"] == "请细化年度目标。"


def test_resubmitting_a_returned_plan_freezes_version_2(world):
    plan = make_plan(world, state="returned")
    plan_update(plan=plan, by=world.jiangsu, overall_thinking="以链主企业为引领，强化协同创新，补齐短板。")
    plan_submit(plan=plan, by=world.jiangsu)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("submitted", 2)
    snapshots = dict(PlanVersion._base_manager.filter(plan=plan).values_list("number", "snapshot"))
    assert snapshots[1]["overall_thinking"] == "以链主企业为引领，强化协同创新。"
    assert snapshots[2]["overall_thinking"] == "以链主企业为引领，强化协同创新，补齐短板。"
    steps = list(PlanTransition._base_manager.filter(plan=plan).values_list("action", "from_status", "to_status"))
    assert steps == [
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("resubmit", "returned", "submitted"),
    ]
    assert Notification._base_manager.filter(kind="plans.resubmitted").count() == 1


def test_approving_notifies_the_owners_and_the_promotion_body(world):
    plan = make_plan(world, state="submitted")
    plan_approve(plan=plan, by=world.ministry)
    plan.refresh_from_db()
    assert plan.status == "approved"
    approved = Notification._base_manager.filter(kind="plans.approved")
    assert sorted(approved.values_list("organisation_id", flat=True)) == sorted(
        [world.orgs["jiangsu"].pk, world.orgs["nanjing_body"].pk]
    )


def test_a_co_owner_edits_and_submits_a_cross_region_plan(world, client_for):
    plan = make_plan(world, cluster="cross_cluster", by="jiangsu", owners=["jiangsu", "guangdong"])
    client = client_for(world.guangdong)
    response = client.patch(reverse("api:plan-detail", args=[plan.pk]), {"title": "深苏联合培育方案"}, format="json")
    assert response.status_code == 200, response.json()
    response = client.post(reverse("api:plan-submit", args=[plan.pk]), {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted" and response.json()["title"] == "深苏联合培育方案"
    # The other owner is told, as is the ministry.
    kinds = set(Notification._base_manager.values_list("organisation_id", "kind"))
    assert kinds == {(world.orgs["ministry"].pk, "plans.submitted"), (world.orgs["jiangsu"].pk, "plans.submitted")}


ILLEGAL = [
    ("draft", "approve"),
    ("draft", "return"),
    ("submitted", "submit"),
    ("submitted", "update"),
    ("returned", "approve"),
    ("returned", "return"),
    ("approved", "submit"),
    ("approved", "approve"),
    ("approved", "return"),
    ("approved", "update"),
]
ILLEGAL_MESSAGES = {
    "approve": "Only a submitted plan can be approved; this plan is {status}.",
    "return": "Only a submitted plan can be returned; this plan is {status}.",
    "submit": "Only a draft or a returned plan can be submitted; this plan is {status}.",
    "update": "This plan is {status} and cannot be changed: only a draft or a returned plan can be edited.",
}


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_an_illegal_transition_is_refused_with_a_clear_error_and_changes_nothing(world, state, action):
    plan = make_plan(world, state=state)
    before = frozen_state(plan)
    calls = {
        "approve": lambda: plan_approve(plan=plan, by=world.ministry),
        "return": lambda: plan_return(plan=plan, by=world.ministry, comment="意见"),
        "submit": lambda: plan_submit(plan=plan, by=world.jiangsu),
        "update": lambda: plan_update(plan=plan, by=world.jiangsu, title="改"),
    }
    with translation.override("en"), pytest.raises(Refusal) as refused:
        calls[action]()
    status = {"draft": "Draft", "submitted": "Submitted", "returned": "Returned", "approved": "Approved"}[state]
    assert refused.value.message == ILLEGAL_MESSAGES[action].format(status=status)
    assert refused.value.code == ("not_editable" if action == "update" else "invalid_transition")
    assert frozen_state(plan) == before


def test_an_illegal_transition_through_the_api_is_a_409_in_the_error_shape(world, client_for):
    plan = make_plan(world, state="approved")
    before = frozen_state(plan)
    response = client_for(world.ministry).post(
        reverse("api:plan-return", args=[plan.pk]), {"comment": "再议"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "invalid_transition",
        "message": "Only a submitted plan can be returned; this plan is Approved.",
    }
    assert frozen_state(plan) == before


@pytest.mark.parametrize(
    ("role", "call"),
    [
        ("jiangsu", "approve"),
        ("nanjing_body", "approve"),
        ("guangdong", "update"),
        ("ministry", "submit"),
        ("nanjing_viewer", "submit"),
    ],
)
def test_the_services_refuse_the_wrong_role(world, role, call):
    plan = make_plan(world, state="submitted" if call == "approve" else "draft")
    before = frozen_state(plan)
    user = world.user(role)
    with pytest.raises(PermissionDenied):
        {
            "approve": lambda: plan_approve(plan=plan, by=user),
            "update": lambda: plan_update(plan=plan, by=user, title="改"),
            "submit": lambda: plan_submit(plan=plan, by=user),
        }[call]()
    assert frozen_state(plan) == before


def test_submitting_needs_targets_and_key_tasks(world):
    plan = make_plan(world, tasks=[], targets=[], overall_thinking="")
    before = frozen_state(plan)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        plan_submit(plan=plan, by=world.jiangsu)
    assert messages_of(refused.value) == {
        "overall_thinking": ["Describe the overall thinking before submitting."],
        "tasks": ["Add at least one key task before submitting."],
        "targets": ["Add at least one target before submitting."],
    }
    assert frozen_state(plan) == before


def test_a_submitted_plan_cannot_be_deleted_but_a_draft_can(world):
    submitted = make_plan(world, state="submitted")
    with pytest.raises(Refusal):
        plan_delete(plan=submitted, by=world.jiangsu)
    with pytest.raises(ProtectedError), transaction.atomic():
        CultivationPlan._base_manager.filter(pk=submitted.pk).delete()
    assert CultivationPlan._base_manager.filter(pk=submitted.pk).exists()
    draft = make_plan(world, title="草稿方案")
    plan_delete(plan=draft, by=world.jiangsu)
    assert not CultivationPlan._base_manager.filter(pk=draft.pk).exists()
    assert not KeyTask._base_manager.filter(plan_id=draft.pk).exists()


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


# Visibility of the lists -----------------------------------------------------------------------------------------

# Five plans; which each role's list holds (DESIGN §2: drafts are the filer's own business).
LIST_PLANS = {
    "draft-nanjing": ("nanjing_cluster", "jiangsu", None, "draft"),
    "submitted-nanjing": ("nanjing_cluster", "jiangsu", None, "submitted"),
    "approved-shenzhen": ("shenzhen_cluster", "guangdong", None, "approved"),
    "returned-cross": ("cross_cluster", "guangdong", ["guangdong", "jiangsu"], "returned"),
    "draft-shenzhen": ("shenzhen_cluster", "guangdong", None, "draft"),
}
VISIBLE_PLANS = {
    "ministry": {"submitted-nanjing", "approved-shenzhen", "returned-cross"},
    "jiangsu": {"draft-nanjing", "submitted-nanjing", "returned-cross"},
    "guangdong": {"approved-shenzhen", "returned-cross", "draft-shenzhen"},
    "nanjing_body": {"submitted-nanjing"},
    "nanjing_viewer": {"submitted-nanjing"},
    "shenzhen_body": {"approved-shenzhen", "returned-cross"},
    "expert": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_plan_lists_hold_exactly_the_visible_plans(role, world, client_for, page_client_for):
    plans = {
        name: make_plan(world, cluster=cluster, by=by, owners=owners, state=state, title=f"{name}方案")
        for name, (cluster, by, owners, state) in LIST_PLANS.items()
    }
    expected = {plans[name].pk for name in VISIBLE_PLANS[role]}
    body = client_for(world.user(role)).get(reverse("api:plan-list")).json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)
    response = page_client_for(world.user(role)).get(reverse("plan-list"))
    if role == "expert":
        assert response.status_code == 403
        return
    page = response.content.decode()
    for name, plan in plans.items():
        assert (f'id="plan-{plan.pk}"' in page) == (name in VISIBLE_PLANS[role]), name


def test_list_filters_and_search(world, client_for, page_client_for):
    make_plan(world, state="submitted", title="南京方案")
    make_plan(world, cluster="shenzhen_cluster", by="guangdong", state="approved", title="深圳方案")
    co_owners = ["guangdong", "jiangsu"]
    make_plan(world, cluster="cross_cluster", by="guangdong", owners=co_owners, state="returned", title="跨区域方案")
    client = client_for(world.ministry)

    def titles(**params):
        return sorted(row["title"] for row in client.get(reverse("api:plan-list"), params).json()["results"])

    assert titles(status="approved") == ["深圳方案"]
    assert titles(province="320000") == ["南京方案", "跨区域方案"]
    assert titles(cluster=world.shenzhen_cluster.pk) == ["深圳方案"]
    assert titles(owner=world.orgs["jiangsu"].pk) == ["南京方案", "跨区域方案"]
    assert titles(search="跨区域") == ["跨区域方案"]
    page = page_client_for(world.ministry).get(reverse("plan-list"), {"province": "440000", "status": "returned"})
    assert [plan.title for plan in page.context["page"].object_list] == ["跨区域方案"]


# Concurrency -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_transitions_cannot_both_succeed(world):
    """While one transaction holds the plan (as a transition in progress does), a second transition waits for
    it, then sees its result and is refused: it never acts on the state it read before."""
    plan = make_plan(world, state="submitted")
    outcome = {}

    def approve():
        from django.db import connection as thread_connection
        from django_scopes import scopes_disabled

        try:
            with scopes_disabled(), translation.override("en"):  # the language is per thread
                plan_approve(plan=CultivationPlan._base_manager.get(pk=plan.pk), by=world.ministry)
            outcome["approve"] = "done"
        except Refusal as exc:
            outcome["approve"] = exc.message
        finally:
            thread_connection.close()

    with transaction.atomic():
        list(CultivationPlan._base_manager.select_for_update().filter(pk=plan.pk))
        worker = threading.Thread(target=approve)
        with translation.override("en"):
            worker.start()
            time.sleep(1.0)
            assert worker.is_alive(), "the second transition did not wait for the plan's lock"
            plan_return(plan=plan, by=world.ministry, comment="请修改。")
    worker.join(timeout=30)
    assert outcome["approve"].startswith("Only a submitted plan can be approved")
    plan.refresh_from_db()
    assert plan.status == "returned"
    assert list(PlanTransition._base_manager.filter(plan=plan).values_list("action", flat=True)) == ["submit", "return"]


# Query counts ----------------------------------------------------------------------------------------------------


def grow_plans(world, n):
    for index in range(n):
        cluster = ClusterFactory(promotion_body=world.orgs["nanjing_body"], region_codes=["320100"])
        plan = plan_create(
            by=world.jiangsu,
            cluster=cluster,
            title=f"增长方案{index}",
            period_start=2023,
            period_end=2027,
            overall_thinking="思路",
            tasks=[task()],
            targets=[target(), target("little_giants", baseline_value="10", target_value="20")],
        )
        plan_submit(plan=plan, by=world.jiangsu)


LIST_ROUTES = [
    ("api:plan-list", True, None, "ministry"),
    ("api:plan-list", True, None, "jiangsu"),
    ("plan-list", False, None, "ministry"),
    ("plan-list", False, None, "jiangsu"),
    ("plan-export", False, None, "jiangsu"),
    ("plan-summary-national", False, None, "ministry"),
    ("plan-summary-local", False, "jiangsu", "ministry"),
    ("plan-summary-local", False, "jiangsu", "jiangsu"),
]


@pytest.mark.parametrize(("route", "api", "org", "role"), LIST_ROUTES, ids=[f"{r[0]}-{r[3]}" for r in LIST_ROUTES])
def test_plan_list_query_counts_do_not_grow_with_rows(world, client_for, page_client_for, route, api, org, role):
    make_plan(world, state="submitted")
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse(route, args=[world.orgs[org].pk] if org else [])
    assert client.get(url).status_code == 200
    few = count_queries(lambda: client.get(url))
    grow_plans(world, 12)
    many = count_queries(lambda: client.get(url))
    assert few == many, f"{route}: {few} queries with 1 plan, {many} with 13"


def test_plan_page_query_count_does_not_grow_with_targets_tasks_and_versions(world, page_client_for):
    plan = make_plan(world, state="submitted")
    client = page_client_for(world.ministry)
    url = reverse("plan-detail", args=[plan.pk])
    client.get(url)
    few = count_queries(lambda: client.get(url))
    plan_return(plan=plan, by=world.ministry, comment="补充")
    codes = ["little_giants", "single_champions", "srdi_smes", "rd_intensity", "invention_patents"]
    plan_update(
        plan=plan,
        by=world.jiangsu,
        tasks=[task(f"任务{i}") for i in range(8)],
        targets=[target(), *(target(code, baseline_value="10", target_value="20") for code in codes)],
    )
    plan_submit(plan=plan, by=world.jiangsu)
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_dashboard_badge_and_nav_link(world, page_client_for):
    make_plan(world, state="submitted")
    page = page_client_for(world.ministry).get(reverse("dashboard")).content.decode()
    assert 'id="nav-plans"' in page and 'id="unread-notifications">1<' in page
    expert_page = page_client_for(world.expert).get(reverse("dashboard")).content.decode()
    assert 'id="nav-plans"' not in expert_page and 'id="nav-notifications"' not in expert_page


def edit_form_data(response):
    """What the browser sends back from the edit page unchanged: every bound field's initial value."""
    data = {}
    context = response.context
    for form in (context["form"],):
        for field in form:
            value = field.value()
            if isinstance(value, list):
                data[field.html_name] = [str(v) for v in value]
            elif value not in (None, ""):
                data[field.html_name] = str(value)
    for formset in (context["task_formset"], context["target_formset"]):
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = str(value)
        for row in formset.forms:
            for field in row:
                value = field.value()
                if value not in (None, "", False):
                    data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_editing_through_the_page_keeps_the_rows_left_as_they_were(world, page_client_for):
    plan = make_plan(
        world,
        state="returned",
        tasks=[task("培育链主企业"), task("建设公共服务平台")],
        targets=[target(), target("little_giants", baseline_value="10", target_value="20")],
    )
    client = page_client_for(world.jiangsu)
    url = reverse("plan-edit", args=[plan.pk])
    data = edit_form_data(client.get(url))
    data["overall_thinking"] = "按意见修改后的总体思路。"
    data["targets-1-DELETE"] = "on"  # remove the second target, keep the rest
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert list(KeyTask._base_manager.filter(plan=plan).order_by("position").values_list("task", flat=True)) == [
        "培育链主企业",
        "建设公共服务平台",
    ]
    assert list(PlanTarget._base_manager.filter(plan=plan).values_list("indicator__code", flat=True)) == ["revenue"]
    plan.refresh_from_db()
    assert plan.overall_thinking == "按意见修改后的总体思路。"


def test_the_excel_export_escapes_formulas_and_holds_the_targets_progress(world, page_client_for):
    import io

    from openpyxl import load_workbook

    make_plan(world, state="submitted", title='=HYPERLINK("http://evil")')
    response = page_client_for(world.ministry).get(reverse("plan-export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    plans, targets = workbook.worksheets
    assert plans.cell(row=2, column=2).value == '\'=HYPERLINK("http://evil")'
    assert [cell.value for cell in targets[2]][2:5] == ["revenue", "营业收入", "亿元"]
    assert targets.cell(row=2, column=14).value == "无数据"


@pytest.mark.parametrize("route", ["api:plan-versions", "api:plan-transitions", "plan-diff"])
def test_version_and_transition_lists_query_counts_do_not_grow(world, client_for, page_client_for, route):
    plan = make_plan(world, state="resubmitted")
    client = page_client_for(world.ministry) if route == "plan-diff" else client_for(world.ministry)
    url = reverse(route, args=[plan.pk])
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for _ in range(2):
        plan_return(plan=plan, by=world.ministry, comment="再改")
        plan_submit(plan=plan, by=world.jiangsu)
    many = count_queries(lambda: client.get(url))
    assert few == many
