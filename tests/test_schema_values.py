"""The OpenAPI schema allows a negative decimal only where the server accepts or produces one (issue 17, item 1):
drf-spectacular writes decimals as strings whose pattern admits a minus unless the field states `min_value`."""

import json

import pytest
from django.urls import reverse

from evaluations.models import ClaimedValue, Criterion, Review
from tenancy.models import Region

from .builders.competitions import entries
from .builders.review import review_world

# The only decimals that may be negative: a monitoring result's change from last year's overall score.
MAY_BE_NEGATIVE = {
    "MonitoringResult.change",
    "MonitoringResultDetail.change",
}


def decimal_properties(node, path=()):
    """(component.property, schema) for every decimal string in the schema's components, nested ones included."""
    if isinstance(node, dict):
        if node.get("format") == "decimal" and "pattern" in node:
            yield ".".join(path), node
        for key, value in node.items():
            yield from decimal_properties(value, (*path, key) if key not in ("properties", "items") else path)
    elif isinstance(node, list):
        for value in node:
            yield from decimal_properties(value, path)


@pytest.fixture
def schema(client):
    response = client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_only_the_change_from_last_year_may_be_negative(schema):
    decimals = dict(decimal_properties(schema["components"]["schemas"]))
    assert len(decimals) > 30
    negative = {name for name, field in decimals.items() if field["pattern"].startswith("^-?")}
    assert negative == MAY_BE_NEGATIVE
    for name, field in decimals.items():
        # A pattern never admits a minus sign where the server refuses one, and always has digits.
        assert field["pattern"].startswith("^-?\\d" if name in MAY_BE_NEGATIVE else "^\\d"), name


def test_the_inputs_whose_minus_was_dropped(schema):
    components = schema["components"]["schemas"]
    assert components["ClaimInputRequest"]["properties"]["value"]["pattern"] == r"^\d{0,16}(?:\.\d{0,4})?$"
    scores = components["ReviewInputRequest"]["properties"]["scores"]["additionalProperties"]
    assert scores["pattern"] == r"^\d{0,4}(?:\.\d{0,2})?$"


def test_a_negative_claim_is_refused_with_the_pages_message(world, client_for):
    submission = entries(world)["draft:nanjing"]
    criterion = Criterion.objects.get(round=submission.round, kind="indicator")
    before = list(ClaimedValue.objects.filter(submission=submission).values_list("criterion", "value"))
    url = reverse("api:entry-claims", args=[submission.pk])
    for language, message in (("en", "The value cannot be negative."), ("zh-hans", "数值不能为负数。")):
        response = client_for(world.nanjing_body).post(
            url, {"criterion": criterion.pk, "value": "-1"}, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"value": [message]}
    assert list(ClaimedValue.objects.filter(submission=submission).values_list("criterion", "value")) == before


@pytest.mark.parametrize(
    ("score", "message"),
    [("-1", "A score cannot be negative."), ("abc", "A valid number is required."), ("101", None)],
)
def test_a_bad_score_is_named_after_its_criterion_as_the_service_names_it(world, client_for, score, message):
    data = review_world(world)
    criterion = data["criterion"]
    response = client_for(world.expert).put(
        reverse("api:assignment-review", args=[data["my_assignment"].pk]),
        {"scores": {str(criterion.pk): score}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == [f"score_{criterion.pk}"]
    assert message is None or fields[f"score_{criterion.pk}"] == [message]
    assert Review.objects.get(pk=data["my_review"].pk).scores.get().score == 80


def test_every_shipped_region_lies_east_and_north(world):
    assert Region.objects.filter(longitude__isnull=False).exists()
    assert not Region.objects.filter(longitude__lt=0).exists()
    assert not Region.objects.filter(latitude__lt=0).exists()
