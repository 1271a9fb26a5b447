"""Members through the API as the Nanjing body, with messages in English (the `nanjing` fixture is registered in
conftest), and the rows the members matrix cases (tests/matrix/members.py) create."""

import pytest
from django.urls import reverse

from clusters.models import MemberYear

from ..factories import CollaborationFactory, MemberFactory, credit_code


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


def member_url(route, cluster, api=True):
    def url(world):
        member = MemberFactory(cluster=world.clusters[cluster])
        return reverse(route, args=[member.pk] if api else [member.cluster_id, member.pk])

    return url


def member_year_url(route, cluster, year=None):
    """A member of `cluster` with figures for 2024; `year` adds it to the route's arguments."""

    def url(world):
        member = MemberFactory(cluster=world.clusters[cluster])
        MemberYear.objects.create(member=member, cluster=member.cluster, year=2024, revenue=100)
        return reverse(route, args=[member.pk] if year is None else [member.pk, year])

    return url


def collaboration_url(route, cluster, api=True, data=None):
    def url(world):
        collaboration = CollaborationFactory(cluster=world.clusters[cluster])
        if data is not None:
            ends = (collaboration.source_id, collaboration.target_id)
            source, target = ends if api else (f"#{end}" for end in ends)  # pages pick members as `#id` too
            data.update(source=source, target=target, kind="rd", year=2023)
        return reverse(route, args=[collaboration.pk] if api else [collaboration.cluster_id, collaboration.pk])

    return url


def api_member_create(cluster, data):
    def url(world):
        data.update(cluster=world.clusters[cluster].pk, name="新成员企业", credit_code=credit_code(990001))
        return reverse("api:member-list")

    return url


def api_collaboration_create(cluster, data):
    def url(world):
        source, target = MemberFactory.create_batch(2, cluster=world.clusters[cluster])
        data.update(cluster=source.cluster_id, source=source.pk, target=target.pk, kind="supply", year=2024)
        return reverse("api:collaboration-list")

    return url
