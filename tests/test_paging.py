"""Lists counted up to a cap (tenancy.paging, `LIST_COUNT_CAP`): exact below it, a lower bound above it, in the API
(`count_exact`) and on the member and collaboration pages ("More than …"), with the COUNT itself LIMITed so a
page's cost does not grow with the cluster (issue 17, item 8)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.members.views import PAGE_SIZE
from tenancy.paging import CappedPaginator, capped_count

from .builders.members import english
from .factories import CollaborationFactory, MemberFactory


@pytest.fixture
def eight(world, settings):
    settings.LIST_COUNT_CAP = 5
    return MemberFactory.create_batch(8, cluster=world.nanjing_cluster)


def member_page(client, cluster, **params):
    return client.get(reverse("api:member-list"), {"cluster": cluster.pk, **params})


def test_below_the_cap_the_count_is_exact(world, client_for, settings):
    settings.LIST_COUNT_CAP = 5
    MemberFactory.create_batch(3, cluster=world.nanjing_cluster)
    body = member_page(client_for(world.nanjing_body), world.nanjing_cluster).json()
    assert (body["count"], body["count_exact"], body["next"]) == (3, True, None)
    assert list(body) == ["count", "next", "previous", "count_exact", "results"]


def test_above_the_cap_the_count_is_a_lower_bound_and_the_next_page_is_offered(world, client_for, eight):
    client = client_for(world.nanjing_body)
    first = member_page(client, world.nanjing_cluster, limit=2).json()
    assert (first["count"], first["count_exact"], len(first["results"])) == (6, False, 2)
    assert "offset=2" in first["next"]


def test_a_page_past_the_cap_counts_one_row_beyond_itself(world, client_for, eight):
    client = client_for(world.nanjing_body)
    body = member_page(client, world.nanjing_cluster, limit=2, offset=4).json()
    assert (body["count"], body["count_exact"], len(body["results"])) == (7, False, 2)
    assert "offset=6" in body["next"]
    last = member_page(client, world.nanjing_cluster, limit=2, offset=6).json()
    assert (last["count"], last["count_exact"], len(last["results"]), last["next"]) == (8, True, 2, None)


def test_walking_the_next_links_returns_every_row_once(world, client_for, eight):
    client = client_for(world.nanjing_body)
    seen, body = [], member_page(client, world.nanjing_cluster, limit=3).json()
    while True:
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        body = client.get(body["next"]).json()
    assert sorted(seen) == sorted(member.pk for member in eight)


def test_the_count_query_is_limited(world, client_for, eight):
    client = client_for(world.nanjing_body)
    with CaptureQueriesContext(connection) as queries:
        member_page(client, world.nanjing_cluster, limit=2)
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1 and re.search(r"LIMIT 6\b", counts[0]), counts


def test_capped_count_of_a_list_and_of_a_queryset(world, settings, eight):
    from clusters.models import Member

    assert capped_count(list(range(4))) == (4, True)
    assert capped_count(list(range(9))) == (6, False)
    assert capped_count(Member.objects.filter(cluster=world.nanjing_cluster)) == (6, False)
    assert capped_count(Member.objects.filter(cluster=world.nanjing_cluster), reach=8) == (8, True)
    paginator = CappedPaginator(Member.objects.filter(cluster=world.nanjing_cluster).order_by("pk"), 2, number="x")
    assert (paginator.count, paginator.count_exact, paginator.count_shown, paginator.num_pages) == (6, False, 5, 3)


def test_the_member_page_says_more_than_the_cap_or_the_page(world, page_client_for, settings):
    settings.LIST_COUNT_CAP = 5
    MemberFactory.create_batch(PAGE_SIZE + 2, cluster=world.nanjing_cluster)
    client = english(page_client_for(world.nanjing_body))
    url = reverse("cluster-member-list", args=[world.nanjing_cluster.pk])
    page = client.get(url).content.decode()
    assert f"More than {PAGE_SIZE} members" in page and "Page 1 of at least 2" in page
    last = client.get(url, {"page": 2}).content.decode()
    assert f"{PAGE_SIZE + 2} members" in last and "More than" not in last and "Page 2 of 2" in last


def test_the_member_page_below_the_cap_gives_the_exact_count(world, page_client_for, settings):
    settings.LIST_COUNT_CAP = 5
    MemberFactory.create_batch(4, cluster=world.nanjing_cluster)
    client = english(page_client_for(world.nanjing_body))
    page = client.get(reverse("cluster-member-list", args=[world.nanjing_cluster.pk])).content.decode()
    assert "4 members" in page and "More than" not in page


def test_the_collaboration_page_says_more_than_the_cap(world, page_client_for, settings):
    settings.LIST_COUNT_CAP = 2
    CollaborationFactory.create_batch(PAGE_SIZE + 1, cluster=world.nanjing_cluster)
    client = english(page_client_for(world.nanjing_body))
    page = client.get(reverse("cluster-collaboration-list", args=[world.nanjing_cluster.pk])).content.decode()
    assert f"More than {PAGE_SIZE} collaborations" in page


def test_the_schema_describes_count_exact(client_for, world):
    schema = client_for(world.ministry).get(reverse("schema"), {"format": "json"}).json()
    page = schema["components"]["schemas"]["PaginatedMemberList"]
    assert page["properties"]["count_exact"]["type"] == "boolean"
    assert "count_exact" in page["required"]


def test_a_page_or_an_offset_past_what_a_limit_can_hold_is_answered(world, client_for, page_client_for, eight):
    """The count's LIMIT is a bigint: the furthest offset the API takes, and a page number past any LIMIT, are
    answered (an empty page, the last page) rather than overflowing the database."""
    body = member_page(client_for(world.nanjing_body), world.nanjing_cluster, offset=2**63 - 1).json()
    assert (body["count"], body["results"]) == (8, [])
    response = page_client_for(world.nanjing_body).get(
        reverse("cluster-member-list", args=[world.nanjing_cluster.pk]), {"page": "9" * 20}
    )
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages
