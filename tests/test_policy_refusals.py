"""Who may act is a rule (403, 404 when unseen); what the state allows is the service's refusal: 409 with a code
in the API, the message on the policy's page, and nothing changes. The page offers only the steps the state
allows."""

import pytest
from django.urls import reverse
from django.utils import translation

from policies.library import services
from policies.models import Instrument, InstrumentDisbursement, Policy

from .builders.policies import ensure_categories, make_instrument, make_policy


@pytest.fixture(autouse=True)
def _categories_and_english(db):
    ensure_categories()
    with translation.override("en"):
        yield


def state(policy):
    """Everything a refused step could have touched: the policy, its history, its instruments and payments."""
    stored = Policy._base_manager.get(pk=policy.pk) if Policy._base_manager.filter(pk=policy.pk).exists() else None
    return (
        stored and (stored.status, stored.title, stored.summary, stored.updated, stored.history.count()),
        sorted(Instrument._base_manager.filter(policy=policy).values_list("pk", "name", "amount")),
        InstrumentDisbursement._base_manager.filter(instrument__policy=policy).count(),
    )


# (status the policy is in, request: method, route, data) -> the refusal's code
API_REFUSALS = [
    ("published", "post", "api:policy-publish", None, "invalid_transition"),
    ("expired", "post", "api:policy-publish", None, "invalid_transition"),
    ("draft", "post", "api:policy-expire", None, "invalid_transition"),
    ("expired", "post", "api:policy-expire", None, "invalid_transition"),
    ("published", "delete", "api:policy-detail", None, "not_editable"),
    ("expired", "delete", "api:policy-detail", None, "not_editable"),
    ("expired", "patch", "api:policy-detail", {"summary": "改"}, "not_editable"),
]


@pytest.mark.parametrize(("status", "method", "route", "data", "code"), API_REFUSALS)
def test_a_step_the_policys_state_refuses_is_a_409_with_its_code(world, client_for, status, method, route, data, code):
    policy = make_policy(world, "jiangsu", status)
    make_instrument(policy, paid={2021: "10"})
    before = state(policy)
    client = client_for(world.jiangsu)
    response = getattr(client, method)(reverse(route, args=[policy.pk]), data, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == code
    assert state(policy) == before


@pytest.mark.parametrize(
    ("role", "expected"), [("ministry", 403), ("guangdong", 404), ("nanjing_body", 403), ("expert", 403)]
)
@pytest.mark.parametrize(
    ("method", "route", "data"),
    [
        ("post", "api:policy-publish", None),
        ("post", "api:policy-expire", None),
        ("delete", "api:policy-detail", None),
        ("patch", "api:policy-detail", {"summary": "改"}),
    ],
)
def test_the_wrong_actor_is_still_refused_by_the_rule(world, client_for, role, expected, method, route, data):
    policy = make_policy(world, "jiangsu", "published", targets=["nanjing_cluster"])
    before = state(policy)
    response = getattr(client_for(world.user(role)), method)(reverse(route, args=[policy.pk]), data, format="json")
    assert response.status_code == expected
    assert state(policy) == before


INSTRUMENT_REFUSALS = [
    ("patch", "api:instrument-detail", {"name": "改名"}),
    ("delete", "api:instrument-detail", None),
]


@pytest.mark.parametrize(("method", "route", "data"), INSTRUMENT_REFUSALS)
def test_an_expired_policys_instruments_are_refused_with_409(world, client_for, method, route, data):
    policy = make_policy(world, "jiangsu", "expired")
    instrument = make_instrument(policy, paid={2021: "10"})
    before = state(policy)
    response = getattr(client_for(world.jiangsu), method)(reverse(route, args=[instrument.pk]), data, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_editable"
    assert state(policy) == before


def test_adding_an_instrument_to_an_expired_policy_is_a_409(world, client_for):
    policy = make_policy(world, "jiangsu", "expired")
    before = state(policy)
    response = client_for(world.jiangsu).post(
        reverse("api:instrument-list"),
        {"policy": policy.pk, "kind": "subsidy", "category": "industry", "name": "补贴", "amount": "500.00"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_editable"
    assert state(policy) == before


def test_another_governments_instrument_is_still_a_403(world, client_for):
    policy = make_policy(world, "jiangsu", "published", targets=["nanjing_cluster"])
    instrument = make_instrument(policy)
    before = state(policy)
    url = reverse("api:instrument-detail", args=[instrument.pk])
    assert client_for(world.ministry).patch(url, {"name": "改"}, format="json").status_code == 403
    assert client_for(world.ministry).delete(url).status_code == 403
    assert client_for(world.guangdong).delete(url).status_code == 404
    assert state(policy) == before


# Pages ----------------------------------------------------------------------------------------------------------


PAGE_REFUSALS = [
    ("published", "policy-publish", "Only a draft can be published."),
    ("draft", "policy-expire", "Only a published policy can expire."),
    ("published", "policy-delete", "Only a draft can be deleted; let a published policy expire instead."),
    ("expired", "policy-edit", "An expired policy cannot be changed."),
    ("expired", "instrument-add", "An expired policy cannot be changed."),
]


@pytest.mark.parametrize(("status", "route", "message"), PAGE_REFUSALS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_page_shows_the_refusal_on_the_policy_and_changes_nothing(
    world, page_client_for, status, route, message, method
):
    policy = make_policy(world, "jiangsu", status)
    before = state(policy)
    client = page_client_for(world.jiangsu)
    response = getattr(client, method)(reverse(route, args=[policy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == reverse("policy-detail", args=[policy.pk])
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert message in page
    assert state(policy) == before


@pytest.mark.parametrize("route", ["instrument-edit", "instrument-delete"])
def test_an_expired_policys_instrument_pages_show_the_refusal(world, page_client_for, route):
    policy = make_policy(world, "jiangsu", "expired")
    instrument = make_instrument(policy)
    before = state(policy)
    response = page_client_for(world.jiangsu).post(reverse(route, args=[policy.pk, instrument.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("policy-detail", args=[policy.pk]))
    assert state(policy) == before


@pytest.mark.parametrize("route", ["policy-publish", "policy-expire", "policy-delete", "policy-edit"])
def test_a_page_refuses_another_government_with_403(world, page_client_for, route):
    policy = make_policy(world, "jiangsu", "published", targets=["nanjing_cluster"])
    before = state(policy)
    assert page_client_for(world.ministry).post(reverse(route, args=[policy.pk])).status_code == 403
    assert state(policy) == before


BUTTONS = {"edit": "policy-edit", "publish": "policy-publish", "expire": "policy-expire", "delete": "policy-delete"}


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("draft", {"edit", "publish", "delete", "instrument"}),
        ("published", {"edit", "expire", "instrument"}),
        ("expired", set()),
    ],
)
def test_the_policy_page_offers_only_the_steps_its_state_allows(world, page_client_for, status, shown):
    policy = make_policy(world, "jiangsu", status)
    page = page_client_for(world.jiangsu).get(reverse("policy-detail", args=[policy.pk])).content.decode()
    offered = {name for name, route in BUTTONS.items() if reverse(route, args=[policy.pk]) in page}
    if reverse("instrument-add", args=[policy.pk]) in page:
        offered.add("instrument")
    assert offered == shown


def test_the_refusal_lives_in_the_service_once(world):
    policy = make_policy(world, "jiangsu", "expired")
    refusal = services.policy_refusal(policy, "change")
    assert (refusal.code, refusal.message) == ("not_editable", "An expired policy cannot be changed.")
    assert services.policy_refusal(make_policy(world, "jiangsu", "draft"), "publish") is None
