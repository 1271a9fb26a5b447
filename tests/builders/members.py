"""Members through the API as the Nanjing body, with messages in English (the `nanjing` fixture is registered in
conftest), the rows the members matrix cases (tests/matrix/members.py) create, the spread of members the filter
tests and pages share, and members in bulk."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.models import Member, MemberYear

from ..factories import ChainLinkFactory, CollaborationFactory, MemberFactory, credit_code


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


VALID_CODE = "91110000600037341L"  # the example of python-stdnum's documentation
WRONG_CHECK_DIGIT = "91110000600037341K"


@pytest.fixture
def spread(world):
    """Members of the Nanjing cluster that differ in every filtered attribute."""
    cluster = world.nanjing_cluster
    grid, relay = ChainLinkFactory(cluster=cluster, name="输电"), ChainLinkFactory(cluster=cluster, name="继电保护")
    rows = {
        "nari": MemberFactory(
            cluster=cluster,
            name="国电南瑞",
            name_en="NARI Technology",
            size_class="large",
            is_leading=True,
            is_high_tech=True,
            revenue=Decimal("5000000.00"),
            employees=30000,
            patents=900,
        ),
        "gear": MemberFactory(
            cluster=cluster,
            name="南京高精齿轮",
            size_class="large",
            is_single_champion=True,
            region_id="320200",
            revenue=Decimal("1200000.00"),
            employees=8000,
        ),
        "giant": MemberFactory(cluster=cluster, name="小巨人科技", size_class="small", is_little_giant=True),
        "seu": MemberFactory(
            cluster=cluster, name="东南大学", kind=Member.Kind.UNIVERSITY, credit_code=VALID_CODE, patents=4000
        ),
        "outside": MemberFactory(
            cluster=cluster, name="深圳配套厂", region_id="440300", is_local=False, is_srdi_sme=True, revenue=1
        ),
    }
    rows["nari"].chain_links.set([grid, relay])
    rows["gear"].chain_links.set([relay])
    MemberFactory(cluster=world.provincial_cluster, name="国电南瑞省级", is_leading=True)  # same body, other cluster
    return cluster, grid, relay, rows


def bulk_members(cluster, count, links=(), start=0):
    members = Member.objects.bulk_create(
        Member(cluster=cluster, name=f"批量成员{i:05d}", credit_code=credit_code(500000 + i), revenue=i)
        for i in range(start, start + count)
    )
    through = Member.chain_links.through
    through.objects.bulk_create(through(member_id=m.pk, chainlink_id=link.pk) for m in members for link in links)
    return members
