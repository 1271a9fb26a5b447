"""A plan's pages take what the plan's state allows from the service (plan_refusal), not from a copy of the rule:
the message a page shows is the one the API answers with 409, and the buttons follow the same check."""

import pytest
from django.urls import reverse
from django.utils import translation

from policies.models import CultivationPlan
from policies.plans import services

from .builders.plans import make_plan


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def stored(plan):
    row = CultivationPlan._base_manager.get(pk=plan.pk)
    return row.status, row.version, row.title, row.updated


@pytest.mark.parametrize(
    ("state", "user", "route", "args", "step"),
    [
        ("submitted", "jiangsu", "plan-edit", (), "change"),
        ("submitted", "jiangsu", "plan-delete", (), "delete"),
        ("submitted", "jiangsu", "plan-transition", ("submit",), "submit"),
        ("returned", "ministry", "plan-transition", ("approve",), "approve"),
        ("approved", "ministry", "plan-transition", ("return",), "return"),
    ],
)
def test_a_page_shows_the_services_refusal_and_changes_nothing(
    world, client_for, page_client_for, state, user, route, args, step
):
    plan = make_plan(world, state=state)
    before = stored(plan)
    refusal = services.plan_refusal(plan, step)
    client = page_client_for(world.user(user))
    response = client.get(reverse(route, args=[plan.pk, *args]), HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response["Location"]) == (302, reverse("plan-detail", args=[plan.pk]))
    assert refusal.message in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert stored(plan) == before


def test_the_api_answers_the_same_refusal_with_its_code(world, client_for):
    plan = make_plan(world, state="submitted")
    before = stored(plan)
    response = client_for(world.jiangsu).patch(
        reverse("api:plan-detail", args=[plan.pk]), {"title": "改"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    refusal = services.plan_refusal(plan, "change")
    assert response.status_code == 409
    assert (response.json()["error"]["code"], response.json()["error"]["message"]) == (refusal.code, refusal.message)
    assert stored(plan) == before


@pytest.mark.parametrize(
    ("state", "user", "shown"),
    [
        ("draft", "jiangsu", {"plan-edit", "plan-delete", "submit"}),
        ("submitted", "jiangsu", set()),
        ("returned", "jiangsu", {"plan-edit", "submit"}),
        ("submitted", "ministry", {"approve", "return"}),
        ("returned", "ministry", set()),
    ],
)
def test_the_plan_page_offers_only_the_steps_its_state_allows(world, page_client_for, state, user, shown):
    plan = make_plan(world, state=state)
    response = page_client_for(world.user(user)).get(reverse("plan-detail", args=[plan.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    links = {
        "plan-edit": reverse("plan-edit", args=[plan.pk]),
        "plan-delete": reverse("plan-delete", args=[plan.pk]),
        **{action: reverse("plan-transition", args=[plan.pk, action]) for action in ("submit", "approve", "return")},
    }
    assert {name for name, link in links.items() if f'href="{link}"' in page} == shown
