"""Member and collaboration lists: filters, ordering, the list row as the detail representation, query counts
that do not grow with rows, and rows written by the database read back as the serializer represents them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from clusters.models import Collaboration, Member

from .builders.members import VALID_CODE, bulk_members, errors
from .conftest import count_queries
from .factories import ChainLinkFactory, CollaborationFactory, MemberFactory

FILTERS = [
    ({"kind": "university"}, {"seu"}),
    ({"size_class": "large"}, {"nari", "gear"}),
    ({"is_leading": "true"}, {"nari"}),
    ({"is_single_champion": "true"}, {"gear"}),
    ({"is_little_giant": "true"}, {"giant"}),
    ({"is_srdi_sme": "true"}, {"outside"}),
    ({"is_high_tech": "true"}, {"nari"}),
    ({"designation": "is_little_giant"}, {"giant"}),
    ({"is_local": "false"}, {"outside"}),
    ({"region": "320000"}, {"nari", "gear", "giant", "seu"}),
    ({"region": "320200"}, {"gear"}),
    ({"region": "440000"}, {"outside"}),
    ({"region": "000000"}, set()),
    ({"search": "南瑞"}, {"nari"}),
    ({"search": "nari tech"}, {"nari"}),
    ({"search": "nari university"}, set()),
    ({"search": "NARI"}, {"nari"}),
    ({"search": VALID_CODE[:10]}, {"seu"}),
    ({"size_class": "large", "is_single_champion": "true"}, {"gear"}),
]


@pytest.mark.parametrize(
    ("params", "names"), FILTERS, ids=lambda value: str(sorted(value)) if isinstance(value, set) else str(value)
)
def test_member_filters_return_exactly_the_matching_rows(world, nanjing, spread, params, names):
    cluster, _grid, _relay, rows = spread
    body = nanjing.get(reverse("api:member-list"), {"cluster": cluster.pk, **params}).json()
    assert {row["id"] for row in body["results"]} == {rows[name].pk for name in names}
    assert body["count"] == len(names)


def test_member_filter_by_chain_link(world, nanjing, spread):
    cluster, grid, relay, rows = spread
    url = reverse("api:member-list")
    assert {row["id"] for row in nanjing.get(url, {"chain_link": relay.pk}).json()["results"]} == {
        rows["gear"].pk,
        rows["nari"].pk,
    }
    assert [row["id"] for row in nanjing.get(url, {"chain_link": grid.pk}).json()["results"]] == [rows["nari"].pk]


def test_member_ordering_puts_empty_values_last(world, nanjing, spread):
    cluster, _grid, _relay, rows = spread
    url = reverse("api:member-list")
    descending = [
        row["id"] for row in nanjing.get(url, {"cluster": cluster.pk, "ordering": "-revenue"}).json()["results"]
    ]
    assert descending[:3] == [rows["nari"].pk, rows["gear"].pk, rows["outside"].pk]
    assert set(descending[3:]) == {rows["giant"].pk, rows["seu"].pk}
    ascending = [
        row["id"] for row in nanjing.get(url, {"cluster": cluster.pk, "ordering": "patents"}).json()["results"]
    ]
    assert ascending[:2] == [rows["nari"].pk, rows["seu"].pk]


def test_member_list_row_is_the_detail_representation(world, nanjing, spread):
    cluster, _grid, _relay, rows = spread
    listed = {
        row["id"]: row for row in nanjing.get(reverse("api:member-list"), {"cluster": cluster.pk}).json()["results"]
    }
    for member in rows.values():
        assert listed[member.pk] == nanjing.get(reverse("api:member-detail", args=[member.pk])).json()


def test_collaboration_filters_return_exactly_the_matching_rows(world, nanjing):
    a, b, c = MemberFactory.create_batch(3, cluster=world.nanjing_cluster)
    ab = CollaborationFactory(cluster=world.nanjing_cluster, source=a, target=b, kind="supply", year=2023)
    bc = CollaborationFactory(cluster=world.nanjing_cluster, source=b, target=c, kind="rd", year=2024)
    other = CollaborationFactory(cluster=world.provincial_cluster, kind="supply", year=2023)
    url = reverse("api:collaboration-list")

    def ids(**params):
        return {row["id"] for row in nanjing.get(url, params).json()["results"]}

    assert ids(cluster=world.nanjing_cluster.pk) == {ab.pk, bc.pk}
    assert ids(kind="supply") == {ab.pk, other.pk}
    assert ids(member=b.pk) == {ab.pk, bc.pk}
    assert ids(member=c.pk) == {bc.pk}
    assert ids(year=2023, cluster=world.nanjing_cluster.pk) == {ab.pk}
    assert ids(year=2023) == {ab.pk, other.pk}


def test_collaboration_list_row_is_the_detail_representation(world, nanjing):
    collaboration = CollaborationFactory(cluster=world.nanjing_cluster, value=Decimal("12.30"))
    row = nanjing.get(reverse("api:collaboration-list")).json()["results"][0]
    assert row == nanjing.get(reverse("api:collaboration-detail", args=[collaboration.pk])).json()
    assert row["value"] == "12.30"


# Query counts: 1 row and 10,000 rows ----------------------------------------------------------------------------


def bulk_collaborations(cluster, members, count):
    Collaboration.objects.bulk_create(
        Collaboration(
            cluster=cluster, source=members[i % len(members)], target=members[(i + 1) % len(members)], kind="supply"
        )
        for i in range(count)
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("route", "api", "params"),
    [
        ("api:member-list", True, {"limit": 100}),
        ("cluster-member-list", False, {}),
        ("cluster-member-list", False, {"sort": "-revenue", "designation": "", "q": "批量"}),
    ],
)
def test_member_list_query_count_is_the_same_for_1_and_10000_members(
    world, client_for, page_client_for, route, api, params
):
    cluster = world.nanjing_cluster
    links = [ChainLinkFactory(cluster=cluster), ChainLinkFactory(cluster=cluster)]
    user = world.nanjing_body
    client = client_for(user) if api else page_client_for(user)
    if api:
        url, params = reverse(route), {"cluster": cluster.pk, **params}
    else:
        url = reverse(route, args=[cluster.pk])
    bulk_members(cluster, 1, links)
    client.get(url, params)  # warm caches (content types, sessions)
    response = client.get(url, params)
    assert response.status_code == 200
    one = count_queries(lambda: client.get(url, params))
    bulk_members(cluster, 9_999, links, start=1)
    response = client.get(url, params)
    if api:
        assert response.json()["count"] == 10_000 and len(response.json()["results"]) == 100
        assert len(response.json()["results"][0]["chain_links"]) == 2
    else:
        assert response.context["page"].paginator.count == 10_000
    many = count_queries(lambda: client.get(url, params))
    assert one == many, f"{route}: {one} queries with 1 member, {many} with 10,000"


@pytest.mark.parametrize(("route", "api"), [("api:collaboration-list", True), ("cluster-collaboration-list", False)])
def test_collaboration_list_query_count_does_not_grow_with_rows(world, client_for, page_client_for, route, api):
    cluster = world.nanjing_cluster
    members = bulk_members(cluster, 20)
    client = client_for(world.nanjing_body) if api else page_client_for(world.nanjing_body)
    url = reverse(route) if api else reverse(route, args=[cluster.pk])
    bulk_collaborations(cluster, members, 1)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    bulk_collaborations(cluster, members, 300)
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_member_detail_page_query_count_does_not_grow_with_collaborations(world, page_client_for):
    members = bulk_members(world.nanjing_cluster, 30)
    url = reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, members[0].pk])
    client = page_client_for(world.nanjing_body)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    bulk_collaborations(world.nanjing_cluster, members, 120)
    assert count_queries(lambda: client.get(url)) == few


# The lean list path ----------------------------------------------------------------------------------------------


def test_list_reads_token_with_membership_then_count_then_page(world, nanjing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MemberFactory.create_batch(3, cluster=world.nanjing_cluster)
    url = reverse("api:member-list")
    nanjing.get(url)
    with CaptureQueriesContext(connection) as context:
        nanjing.get(url, {"cluster": world.nanjing_cluster.pk})
    statements = [query["sql"] for query in context.captured_queries if query["sql"].startswith("SELECT")]
    assert len(statements) == 3
    token, count, page = statements
    assert '"tenancy_apitoken"' in token and '"tenancy_membership"' in token  # the viewer costs no query of its own
    assert count.startswith("SELECT COUNT(*)") and "JOIN" not in count and "row_to_json" not in count
    assert "ARRAY(SELECT" in page and "LIMIT 50" in page and '"clusters_chainlink"' not in page
    assert "row_to_json" in page  # the database writes each row's JSON


@pytest.fixture
def awkward_members(world):
    """Members whose values test every formatting rule: quotes, backslashes and control characters in names,
    empty and unordered chain links, empty numbers, dates with and without microseconds (trailing zeros too),
    a date before time zones were standardised (offsets with seconds) and one on a daylight-saving change."""
    cluster = world.nanjing_cluster
    late, early = ChainLinkFactory(cluster=cluster, position=5), ChainLinkFactory(cluster=cluster, position=1)
    odd = MemberFactory(
        cluster=cluster,
        name='引号"反斜杠\\换行\n制表\t\x01',
        name_en="Ünïcödé ✓ </script>",
        credit_code="",
        region_id=None,
        revenue=Decimal("0.10"),
        rd_spend=None,
        employees=None,
        patents=0,
        joined_year=1999,
        is_local=False,
        is_little_giant=True,
    )
    odd.chain_links.set([late, early])
    plain = MemberFactory(cluster=cluster, revenue=Decimal("12345678901234.50"), rd_spend=Decimal("0.00"))
    utc = datetime.UTC
    Member.objects.filter(pk=odd.pk).update(
        created=datetime.datetime(2024, 1, 15, 4, 0, tzinfo=utc),
        updated=datetime.datetime(2024, 7, 15, 4, 0, 0, 123400, tzinfo=utc),
    )
    Member.objects.filter(pk=plain.pk).update(
        created=datetime.datetime(1900, 6, 1, 0, 0, 0, 1, tzinfo=utc),
        updated=datetime.datetime(2026, 3, 8, 7, 0, 0, 999999, tzinfo=utc),
    )
    return cluster, [odd, plain]


ZONES = ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"]


@pytest.mark.parametrize("zone", ZONES)
def test_rows_the_database_writes_are_the_serializer_representation(world, nanjing, awkward_members, zone):
    import json

    from django.utils import timezone

    from clusters.members.api.serializers import MemberSerializer, member_rows
    from clusters.members.selectors import member_list_values, with_chain_links
    from tenancy.fastpaths import serializer_json_rows

    cluster, members = awkward_members
    with timezone.override(zone):
        listed = {
            row["id"]: row for row in nanjing.get(reverse("api:member-list"), {"cluster": cluster.pk}).json()["results"]
        }
        for member in members:
            assert listed[member.pk] == nanjing.get(reverse("api:member-detail", args=[member.pk])).json()
        queryset = Member.objects.filter(cluster=cluster).order_by("pk")
        written = [json.loads(row) for row in serializer_json_rows(queryset, MemberSerializer)]
        assert written == member_rows(with_chain_links(list(member_list_values(queryset))))
    assert listed[members[0].pk]["chain_links"] == sorted(link.pk for link in members[0].chain_links.all())
    assert listed[members[0].pk]["revenue"] == "0.10" and listed[members[0].pk]["rd_spend"] is None


def test_dates_in_the_default_zone_and_in_utc(world, nanjing, awkward_members):
    from django.utils import timezone

    cluster, (odd, plain) = awkward_members

    def row(member):
        rows = nanjing.get(reverse("api:member-list"), {"cluster": cluster.pk}).json()["results"]
        return next(row for row in rows if row["id"] == member.pk)

    assert (row(odd)["created"], row(odd)["updated"]) == (
        "2024-01-15T12:00:00+08:00",
        "2024-07-15T12:00:00.123400+08:00",
    )
    assert row(plain)["created"] == "1900-06-01T08:05:43.000001+08:05:43"  # local mean time of Shanghai
    with timezone.override("UTC"):
        assert row(odd)["created"] == "2024-01-15T04:00:00Z"
    with timezone.override("America/New_York"):
        assert (row(odd)["created"], row(odd)["updated"]) == (
            "2024-01-14T23:00:00-05:00",
            "2024-07-15T00:00:00.123400-04:00",
        )


def test_a_zone_without_a_name_is_formatted_in_python(world, nanjing, awkward_members):
    from django.utils import timezone

    from clusters.members.api.serializers import MemberSerializer
    from tenancy.fastpaths import serializer_json_rows

    cluster, members = awkward_members
    with timezone.override(datetime.timezone(datetime.timedelta(hours=-3))):
        assert serializer_json_rows(Member.objects.all(), MemberSerializer) is None
        listed = {
            row["id"]: row for row in nanjing.get(reverse("api:member-list"), {"cluster": cluster.pk}).json()["results"]
        }
        for member in members:
            assert listed[member.pk] == nanjing.get(reverse("api:member-detail", args=[member.pk])).json()
    assert listed[members[0].pk]["created"] == "2024-01-15T01:00:00-03:00"


def test_pretty_printed_and_browsable_lists_show_the_same_rows(world, nanjing, awkward_members):
    cluster, members = awkward_members
    url = reverse("api:member-list")
    compact = nanjing.get(url, {"cluster": cluster.pk})
    pretty = nanjing.get(url, {"cluster": cluster.pk}, HTTP_ACCEPT="application/json; indent=2")
    assert pretty.content != compact.content and b'\n  "count": 2' in pretty.content
    assert pretty.json() == compact.json()
    page = nanjing.get(url, {"cluster": cluster.pk}, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Ünïcödé ✓ &lt;/script&gt;" in page.content.decode()


def test_filter_backend_builds_no_filter_form_without_a_filter_parameter(world, nanjing, awkward_members):
    from django.http import QueryDict

    from clusters.members.filters import MemberFilter
    from tenancy.api.filters import any_filter_given

    assert not any_filter_given(MemberFilter, QueryDict("limit=5&offset=0&ordering=-revenue&search=x&format=json"))
    assert any_filter_given(MemberFilter, QueryDict("kind=university"))
    assert any_filter_given(MemberFilter, QueryDict("is_local=true"))
    assert any_filter_given(MemberFilter, QueryDict("region_min=1"))  # a range filter's widget reads name_…
    MemberFilter._form_classes.clear()
    body = nanjing.get(reverse("api:member-list"), {"limit": 5, "ordering": "name"}).json()
    assert body["count"] == 2 and not MemberFilter._form_classes
    nanjing.get(reverse("api:member-list"), {"cluster": awkward_members[0].pk})
    assert list(MemberFilter._form_classes) and all(key[2] == ("cluster",) for key in MemberFilter._form_classes)


def test_token_of_a_deactivated_member_sees_no_members(world, client_for):
    MemberFactory(cluster=world.nanjing_cluster)
    membership = world.nanjing_viewer.membership
    membership.is_active = False
    membership.save()
    body = client_for(world.nanjing_viewer).get(reverse("api:member-list")).json()
    assert body["count"] == 0


def test_chain_links_fallback_query_gives_the_same_rows(world):
    from clusters.members.selectors import MEMBER_ROW_FIELDS, member_list_values, with_chain_links

    late = ChainLinkFactory(cluster=world.nanjing_cluster, position=5)
    early = ChainLinkFactory(cluster=world.nanjing_cluster, position=1)
    linked, bare = MemberFactory.create_batch(2, cluster=world.nanjing_cluster)
    linked.chain_links.set([late, early])
    members = Member.objects.filter(cluster=world.nanjing_cluster).order_by("pk")
    in_database = list(member_list_values(members))
    fallback = with_chain_links(list(members.values(*MEMBER_ROW_FIELDS)))
    assert fallback == in_database
    assert [row["chain_link_ids"] for row in fallback] == [[late.pk, early.pk], []]


def test_orjson_renderer_writes_what_drf_json_renderer_writes(world):
    import json

    from rest_framework.renderers import JSONRenderer

    from clusters.members.api.serializers import MemberSerializer
    from tenancy.api.renderers import ORJSONRenderer

    member = MemberFactory(cluster=world.nanjing_cluster, revenue=Decimal("12.50"), name="中文名称")
    data = {"results": [MemberSerializer(member).data], "note": gettext_lazy("Members")}
    assert json.loads(ORJSONRenderer().render(data)) == json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize(("params", "field"), [({"kind": "factory"}, "kind"), ({"cluster": "abc"}, "cluster")])
def test_invalid_filter_values_are_field_errors(world, nanjing, params, field):
    response = nanjing.get(reverse("api:member-list"), params)
    assert response.status_code == 400
    assert list(errors(response)) == [field]


def test_filter_form_is_built_per_language_and_present_filters(world, client_for):
    from clusters.members.filters import MemberFilter

    client = client_for(world.nanjing_body)
    client.get(reverse("api:member-list"), {"kind": "enterprise"}, HTTP_ACCEPT_LANGUAGE="en")
    client.get(reverse("api:member-list"), {"kind": "enterprise"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    keys = [key for key in MemberFilter._form_classes if key[0] is MemberFilter and key[2] == ("kind",)]
    assert {key[1] for key in keys} >= {"en", "zh-hans"}
