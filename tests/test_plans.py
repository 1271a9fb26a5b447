"""Cultivation plans: the workflow (filing, submitting, returning, resubmitting, approving and who is notified), its
illegal transitions, the services refusing the wrong role, deletion, and concurrency of transitions."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from policies.models import CultivationPlan, KeyTask, PlanTransition, PlanVersion
from policies.plans.services import plan_approve, plan_delete, plan_return, plan_submit, plan_update
from tenancy.errors import Refusal
from tenancy.models import Notification

from .builders.plans import frozen_state, make_plan, messages_of

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
