"""Members through the API as the Nanjing body, with messages in English (the `nanjing` fixture is registered in
conftest)."""

import pytest
from django.urls import reverse


def english(client):
    """Messages are asserted in the source language (zh-hans is the default)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def nanjing(world, client_for):
    return english(client_for(world.nanjing_body))


def post_member(client, cluster, **fields):
    return client.post(reverse("api:member-list"), {"cluster": cluster.pk, "name": "南瑞继保", **fields}, format="json")


def errors(response):
    return response.json()["error"]["fields"]
