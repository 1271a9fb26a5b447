"""Cluster members and collaborations: validation, filters, representation, pages and query counts.

Who may read and write what is in the cross-tenant matrix (tests/matrix/members.py); here are the rules
of the data itself.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc

from clusters.members.forms import member_label
from clusters.models import Collaboration, Member

from .builders.members import english, errors, post_member
from .cast import ROLES, VISIBLE_CLUSTERS
from .conftest import count_queries
from .factories import ChainLinkFactory, CollaborationFactory, MemberFactory, credit_code

VALID_CODE = "91110000600037341L"  # the example of python-stdnum's documentation
WRONG_CHECK_DIGIT = "91110000600037341K"


# Credit codes ---------------------------------------------------------------------------------------------------


def test_factory_credit_codes_pass_the_gb32100_check():
    assert uscc.is_valid(credit_code(1)) and uscc.is_valid(credit_code(123456789, region="440300"))


def test_valid_credit_code_is_stored_in_compact_form(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, credit_code="9111 0000-6000 3734 1l")
    assert response.status_code == 201, response.content
    assert response.json()["credit_code"] == VALID_CODE
    assert Member.objects.get(pk=response.json()["id"]).credit_code == VALID_CODE


def test_credit_code_with_a_wrong_check_digit_is_a_field_error(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, credit_code=WRONG_CHECK_DIGIT)
    assert response.status_code == 400
    assert "check digit" in errors(response)["credit_code"][0]
    assert not Member.objects.exists()


@pytest.mark.parametrize("code", ["9111000060003734", "91110000600037341LX"])
def test_credit_code_of_the_wrong_length_is_a_field_error(world, nanjing, code):
    response = post_member(nanjing, world.nanjing_cluster, credit_code=code)
    assert response.status_code == 400
    assert errors(response)["credit_code"] == [
        f"A unified social credit code has 18 characters; this one has {len(code)}."
    ]
    assert not Member.objects.exists()


def test_credit_code_with_forbidden_letters_is_a_field_error(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, credit_code="91110000600037341O")
    assert response.status_code == 400
    assert "other than I, O, S, V and Z" in errors(response)["credit_code"][0]


def test_duplicate_credit_code_in_the_cluster_is_a_field_error_not_a_server_error(world, nanjing):
    MemberFactory(cluster=world.nanjing_cluster, credit_code=VALID_CODE)
    response = post_member(nanjing, world.nanjing_cluster, credit_code=VALID_CODE)
    assert response.status_code == 400
    assert errors(response)["credit_code"] == ["A member of this cluster already has this credit code."]
    assert Member.objects.filter(credit_code=VALID_CODE).count() == 1


def test_the_same_credit_code_may_be_a_member_of_two_clusters(world, nanjing):
    MemberFactory(cluster=world.shenzhen_cluster, credit_code=VALID_CODE)
    assert post_member(nanjing, world.nanjing_cluster, credit_code=VALID_CODE).status_code == 201


def test_changing_a_member_to_a_code_another_member_has_is_refused(world, nanjing):
    MemberFactory(cluster=world.nanjing_cluster, credit_code=VALID_CODE)
    member = MemberFactory(cluster=world.nanjing_cluster)
    response = nanjing.patch(reverse("api:member-detail", args=[member.pk]), {"credit_code": VALID_CODE}, format="json")
    assert response.status_code == 400 and "credit_code" in errors(response)
    member.refresh_from_db()
    assert member.credit_code != VALID_CODE


def test_members_without_a_credit_code_do_not_collide(world, nanjing):
    assert post_member(nanjing, world.nanjing_cluster, credit_code="").status_code == 201
    assert post_member(nanjing, world.nanjing_cluster, name="东南大学").status_code == 201


# Chain links, regions, clusters ---------------------------------------------------------------------------------


def test_chain_links_of_the_cluster_are_stored_and_listed_by_id(world, nanjing):
    first = ChainLinkFactory(cluster=world.nanjing_cluster, name="调度", position=9)
    second = ChainLinkFactory(cluster=world.nanjing_cluster, name="发电", position=1)
    response = post_member(nanjing, world.nanjing_cluster, chain_links=[second.pk, first.pk])
    assert response.status_code == 201
    assert response.json()["chain_links"] == [first.pk, second.pk]
    assert set(Member.objects.get().chain_links.all()) == {first, second}


def test_chain_link_of_another_of_the_callers_clusters_is_a_field_error(world, nanjing):
    other = ChainLinkFactory(cluster=world.provincial_cluster, name="输电")
    response = post_member(nanjing, world.nanjing_cluster, chain_links=[other.pk])
    assert response.status_code == 400
    assert errors(response)["chain_links"] == ["These chain links belong to another cluster: 输电."]
    assert not Member.objects.exists()


def test_chain_link_of_another_tenants_cluster_does_not_exist_for_the_caller(world, nanjing):
    foreign = ChainLinkFactory(cluster=world.shenzhen_cluster)
    response = post_member(nanjing, world.nanjing_cluster, chain_links=[foreign.pk])
    assert response.status_code == 400
    assert "does not exist" in errors(response)["chain_links"][0]


def test_unknown_region_code_is_a_field_error(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, region="999999")
    assert response.status_code == 400 and "region" in errors(response)


def test_a_body_cannot_add_a_member_to_another_tenants_cluster(world, nanjing):
    response = post_member(nanjing, world.shenzhen_cluster)
    assert response.status_code == 400
    assert "does not exist" in errors(response)["cluster"][0]
    assert not Member.objects.exists()


def test_a_member_cannot_move_to_another_cluster(world, nanjing):
    member = MemberFactory(cluster=world.nanjing_cluster)
    url = reverse("api:member-detail", args=[member.pk])
    response = nanjing.patch(url, {"cluster": world.provincial_cluster.pk}, format="json")
    assert response.status_code == 400 and "cluster" in errors(response)
    member.refresh_from_db()
    assert member.cluster_id == world.nanjing_cluster.pk


def test_negative_revenue_and_platform_level_of_an_enterprise_are_field_errors(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, revenue="-1")
    assert response.status_code == 400 and set(errors(response)) == {"revenue"}
    response = post_member(nanjing, world.nanjing_cluster, platform_level="national")
    assert errors(response) == {"platform_level": ["Only innovation platforms have a platform level."]}
    assert not Member.objects.exists()


def test_member_update_changes_fields_and_links(world, nanjing):
    link = ChainLinkFactory(cluster=world.nanjing_cluster)
    member = MemberFactory(cluster=world.nanjing_cluster, revenue=Decimal("10.00"))
    response = nanjing.patch(
        reverse("api:member-detail", args=[member.pk]),
        {"revenue": "123456.78", "is_little_giant": True, "chain_links": [link.pk], "region": "320200"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["revenue"], body["is_little_giant"], body["chain_links"], body["region"]) == (
        "123456.78",
        True,
        [link.pk],
        "320200",
    )


def test_deleting_a_member_removes_its_collaborations(world, nanjing):
    collaboration = CollaborationFactory(cluster=world.nanjing_cluster)
    response = nanjing.delete(reverse("api:member-detail", args=[collaboration.source_id]))
    assert response.status_code == 204
    assert not Collaboration.objects.exists()
    assert Member.objects.filter(pk=collaboration.target_id).exists()


# Collaborations -------------------------------------------------------------------------------------------------


def post_collaboration(client, cluster, source, target, **fields):
    data = {"cluster": cluster.pk, "source": source.pk, "target": target.pk, "kind": "supply", **fields}
    return client.post(reverse("api:collaboration-list"), data, format="json")


def test_collaboration_between_two_members_is_created(world, nanjing):
    source, target = MemberFactory.create_batch(2, cluster=world.nanjing_cluster)
    response = post_collaboration(nanjing, world.nanjing_cluster, source, target, value="88.50", year=2024)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": response.json()["id"],
        "cluster": world.nanjing_cluster.pk,
        "source": source.pk,
        "target": target.pk,
        "kind": "supply",
        "value": "88.50",
        "year": 2024,
    }


def test_collaboration_with_itself_is_a_field_error(world, nanjing):
    member = MemberFactory(cluster=world.nanjing_cluster)
    response = post_collaboration(nanjing, world.nanjing_cluster, member, member)
    assert response.status_code == 400
    assert errors(response) == {"target": ["A member cannot collaborate with itself."]}
    assert not Collaboration.objects.exists()


def test_collaboration_ends_in_another_cluster_are_field_errors(world, nanjing):
    inside = MemberFactory(cluster=world.nanjing_cluster)
    elsewhere = MemberFactory(cluster=world.provincial_cluster, name="省级集群成员")
    response = post_collaboration(nanjing, world.nanjing_cluster, elsewhere, inside)
    assert response.status_code == 400
    assert errors(response) == {"source": ["省级集群成员 is a member of another cluster."]}
    response = post_collaboration(nanjing, world.nanjing_cluster, inside, elsewhere)
    assert errors(response) == {"target": ["省级集群成员 is a member of another cluster."]}
    assert not Collaboration.objects.exists()


def test_collaboration_with_another_tenants_member_is_refused(world, nanjing):
    inside = MemberFactory(cluster=world.nanjing_cluster)
    foreign = MemberFactory(cluster=world.shenzhen_cluster)
    response = post_collaboration(nanjing, world.nanjing_cluster, inside, foreign)
    assert response.status_code == 400
    assert "does not exist" in errors(response)["target"][0]


def test_collaboration_year_out_of_range_is_a_field_error(world, nanjing):
    source, target = MemberFactory.create_batch(2, cluster=world.nanjing_cluster)
    response = post_collaboration(nanjing, world.nanjing_cluster, source, target, year=1800)
    assert response.status_code == 400 and "year" in errors(response)


def test_collaboration_update_refuses_a_loop(world, nanjing):
    collaboration = CollaborationFactory(cluster=world.nanjing_cluster)
    url = reverse("api:collaboration-detail", args=[collaboration.pk])
    response = nanjing.patch(url, {"target": collaboration.source_id}, format="json")
    assert response.status_code == 400 and "target" in errors(response)
    collaboration.refresh_from_db()
    assert collaboration.target_id != collaboration.source_id


# Lists: exactly the visible rows, exact filters, same representation as the detail -------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_member_and_collaboration_lists_hold_exactly_the_visible_rows(role, world, client_for):
    members = {name: MemberFactory(cluster=cluster) for name, cluster in world.clusters.items()}
    edges = {name: CollaborationFactory(cluster=cluster) for name, cluster in world.clusters.items()}
    client = client_for(world.user(role))
    body = client.get(reverse("api:member-list"), {"limit": 500}).json()
    visible = VISIBLE_CLUSTERS[role]
    expected_members = {members[name].pk for name in visible}
    expected_members |= {edge.source_id for name, edge in edges.items() if name in visible}
    expected_members |= {edge.target_id for name, edge in edges.items() if name in visible}
    assert {row["id"] for row in body["results"]} == expected_members
    assert body["count"] == len(expected_members)
    body = client.get(reverse("api:collaboration-list")).json()
    assert {row["id"] for row in body["results"]} == {edges[name].pk for name in visible}


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


def bulk_members(cluster, count, links=(), start=0):
    members = Member.objects.bulk_create(
        Member(cluster=cluster, name=f"批量成员{i:05d}", credit_code=credit_code(500000 + i), revenue=i)
        for i in range(start, start + count)
    )
    through = Member.chain_links.through
    through.objects.bulk_create(through(member_id=m.pk, chainlink_id=link.pk) for m in members for link in links)
    return members


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


# Pages ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def nanjing_pages(world, page_client_for):
    return english(page_client_for(world.nanjing_body))


def test_member_page_shows_a_field_error_for_a_bad_credit_code_and_keeps_the_input(world, nanjing_pages):
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    response = nanjing_pages.post(url, {"name": "南瑞继保", "kind": "enterprise", "credit_code": WRONG_CHECK_DIGIT})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["credit_code"]
    assert "check digit" in form.errors["credit_code"][0]
    page = response.content.decode()
    assert 'value="南瑞继保"' in page and "is-invalid" in page
    assert not Member.objects.exists()


def test_member_page_refuses_a_taken_credit_code_at_the_field(world, nanjing_pages):
    MemberFactory(cluster=world.nanjing_cluster, credit_code=VALID_CODE)
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    response = nanjing_pages.post(url, {"name": "重复", "kind": "enterprise", "credit_code": VALID_CODE})
    assert response.context["form"].errors == {
        "credit_code": ["A member of this cluster already has this credit code."]
    }
    assert Member.objects.count() == 1


def test_member_page_adds_a_member_with_chain_links_and_region(world, nanjing_pages):
    link = ChainLinkFactory(cluster=world.nanjing_cluster, name="配电")
    ChainLinkFactory(cluster=world.provincial_cluster, name="不应出现")
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    form_page = nanjing_pages.get(url).content.decode()
    assert "配电" in form_page and "不应出现" not in form_page
    response = nanjing_pages.post(
        url,
        {
            "name": "江苏省电力科学研究院",
            "kind": "research_institute",
            "credit_code": VALID_CODE,
            "region": "320100",
            "is_local": "on",
            "chain_links": [link.pk],
            "is_high_tech": "on",
            "revenue": "1500.50",
        },
    )
    member = Member.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, member.pk])
    assert (member.kind, member.region_id, member.is_high_tech, member.revenue) == (
        "research_institute",
        "320100",
        True,
        Decimal("1500.50"),
    )
    assert list(member.chain_links.all()) == [link]


def test_member_page_refuses_an_unknown_region_code(world, nanjing_pages):
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    response = nanjing_pages.post(url, {"name": "X", "kind": "enterprise", "region": "123456"})
    assert response.context["form"].errors == {"region": ["No region has the code 123456."]}


def test_member_edit_page_starts_from_the_member_and_saves(world, nanjing_pages):
    member = MemberFactory(cluster=world.nanjing_cluster, name="旧名", region_id="320200", is_leading=True)
    url = reverse("cluster-member-edit", args=[world.nanjing_cluster.pk, member.pk])
    page = nanjing_pages.get(url).content.decode()
    assert 'value="旧名"' in page and 'value="320200"' in page
    response = nanjing_pages.post(url, {"name": "新名", "kind": "enterprise", "region": "320200"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.is_leading, member.credit_code) == ("新名", False, "")


def test_member_of_another_cluster_is_a_404_under_this_clusters_address(world, nanjing_pages):
    member = MemberFactory(cluster=world.provincial_cluster)
    response = nanjing_pages.get(reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, member.pk]))
    assert response.status_code == 404


def test_delete_asks_for_confirmation_naming_the_collaborations_that_go_too(world, nanjing_pages):
    collaboration = CollaborationFactory(cluster=world.nanjing_cluster)
    url = reverse("cluster-member-delete", args=[world.nanjing_cluster.pk, collaboration.source_id])
    page = nanjing_pages.get(url).content.decode()
    assert "together with its 1 collaboration." in page and 'id="confirm-delete"' in page
    assert Member.objects.filter(pk=collaboration.source_id).exists()
    response = nanjing_pages.post(url)
    assert response["Location"] == reverse("cluster-member-list", args=[world.nanjing_cluster.pk])
    assert not Member.objects.filter(pk=collaboration.source_id).exists()
    assert not Collaboration.objects.exists()


def test_member_list_page_filters_sorts_and_searches(world, nanjing_pages, spread):
    cluster, grid, _relay, rows = spread
    url = reverse("cluster-member-list", args=[cluster.pk])

    def shown(**params):
        return [member.pk for member in nanjing_pages.get(url, params).context["page"].object_list]

    assert set(shown()) == {member.pk for member in rows.values()}
    assert shown(kind="university") == [rows["seu"].pk]
    assert shown(designation="is_single_champion") == [rows["gear"].pk]
    assert shown(chain_link=grid.pk) == [rows["nari"].pk]
    assert shown(is_local="false") == [rows["outside"].pk]
    assert shown(q="NARI") == [rows["nari"].pk]
    assert shown(q=VALID_CODE) == [rows["seu"].pk]
    assert shown(sort="-revenue")[:3] == [rows["nari"].pk, rows["gear"].pk, rows["outside"].pk]
    assert shown(sort="employees", size_class="large") == [rows["gear"].pk, rows["nari"].pk]
    assert set(shown(sort="not-a-column")) == {member.pk for member in rows.values()}


def test_member_list_page_sort_links_keep_the_filters(world, nanjing_pages):
    url = reverse("cluster-member-list", args=[world.nanjing_cluster.pk])
    columns = nanjing_pages.get(url, {"kind": "university", "sort": "revenue", "page": 2}).context["columns"]
    revenue = next(column for column in columns if column["key"] == "revenue")
    assert revenue["direction"] == "asc"
    assert revenue["query"] == "kind=university&sort=-revenue"


def test_member_list_page_paginates(world, nanjing_pages):
    bulk_members(world.nanjing_cluster, 30)
    url = reverse("cluster-member-list", args=[world.nanjing_cluster.pk])
    first, second = nanjing_pages.get(url).context["page"], nanjing_pages.get(url, {"page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list), first.paginator.count) == (25, 5, 30)
    assert not {m.pk for m in first.object_list} & {m.pk for m in second.object_list}


def test_member_list_page_empty_states(world, nanjing_pages, page_client_for):
    url = reverse("cluster-member-list", args=[world.nanjing_cluster.pk])
    page = nanjing_pages.get(url).content.decode()
    assert "This cluster has no members yet." in page and "Add the first member" in page
    viewer_page = english(page_client_for(world.nanjing_viewer)).get(url).content.decode()
    assert "This cluster has no members yet." in viewer_page and "Add the first member" not in viewer_page
    MemberFactory(cluster=world.nanjing_cluster)
    assert "No member matches these filters." in nanjing_pages.get(url, {"kind": "market"}).content.decode()


def test_cluster_page_links_to_members_and_collaborations(world, nanjing_pages):
    page = nanjing_pages.get(reverse("cluster-detail", args=[world.nanjing_cluster.pk])).content.decode()
    assert reverse("cluster-member-list", args=[world.nanjing_cluster.pk]) in page
    assert reverse("cluster-collaboration-list", args=[world.nanjing_cluster.pk]) in page


def test_readers_see_no_edit_buttons(world, page_client_for):
    member = MemberFactory(cluster=world.nanjing_cluster)
    for role in ("jiangsu", "nanjing_viewer", "ministry"):
        client = page_client_for(world.user(role))
        page = client.get(reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, member.pk])).content
        assert b'id="edit-member"' not in page and b'id="delete-member"' not in page
        listing = client.get(reverse("cluster-member-list", args=[world.nanjing_cluster.pk])).content
        assert b'id="add-member"' not in listing


def test_collaboration_pages_add_edit_and_delete(world, nanjing_pages):
    source, target = MemberFactory.create_batch(2, cluster=world.nanjing_cluster)
    add = reverse("cluster-collaboration-add", args=[world.nanjing_cluster.pk])
    page = nanjing_pages.get(add, {"source": source.pk})
    assert page.context["form"].initial == {"source": source.pk}  # read as a bounded id (tenancy.filters)
    assert f'value="{member_label(source)}"' in page.content.decode()
    response = nanjing_pages.post(add, {"source": member_label(source), "target": member_label(source), "kind": "rd"})
    assert response.context["form"].errors == {"target": ["A member cannot collaborate with itself."]}
    data = {"source": member_label(source), "target": member_label(target), "kind": "rd", "year": 2023}
    assert nanjing_pages.post(add, data).status_code == 302
    collaboration = Collaboration.objects.get()
    assert (collaboration.source_id, collaboration.target_id) == (source.pk, target.pk)
    edit = reverse("cluster-collaboration-edit", args=[world.nanjing_cluster.pk, collaboration.pk])
    # a credit code alone, or an unambiguous name alone, names a member too
    data = {"source": target.credit_code, "target": source.name, "kind": "licensing", "value": "10", "year": 2024}
    assert nanjing_pages.post(edit, data).status_code == 302
    collaboration.refresh_from_db()
    assert (collaboration.source_id, collaboration.target_id, collaboration.kind, collaboration.value) == (
        target.pk,
        source.pk,
        "licensing",
        Decimal(10),
    )
    delete = reverse("cluster-collaboration-delete", args=[world.nanjing_cluster.pk, collaboration.pk])
    assert b'id="confirm-delete"' in nanjing_pages.get(delete).content
    assert nanjing_pages.post(delete).status_code == 302
    assert not Collaboration.objects.exists()


def test_collaboration_picker_refuses_unknown_ambiguous_and_foreign_members(world, nanjing_pages):
    first, second = MemberFactory.create_batch(2, cluster=world.nanjing_cluster, name="同名企业")
    foreign = MemberFactory(cluster=world.provincial_cluster, name="别的集群成员")
    add = reverse("cluster-collaboration-add", args=[world.nanjing_cluster.pk])
    response = nanjing_pages.post(
        add,
        {"source": "同名企业", "target": member_label(foreign), "kind": "rd"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["form"].errors == {
        "source": ["Several members are called “同名企业”: pick one from the list (it adds the credit code)."],
        "target": [f"No member of this cluster has the name or credit code “{member_label(foreign)}”."],
    }
    response = nanjing_pages.post(add, {"source": f"同名企业 · #{second.pk}", "target": "nobody", "kind": "rd"})
    assert list(response.context["form"].errors) == ["target"]
    assert not Collaboration.objects.exists()


def test_member_suggestions_offer_only_members_of_the_cluster(world, nanjing_pages):
    mine = MemberFactory(cluster=world.nanjing_cluster, name="南京电网设备成员")
    MemberFactory(cluster=world.provincial_cluster, name="南京别的集群成员")
    url = reverse("cluster-member-suggest", args=[world.nanjing_cluster.pk])
    options = nanjing_pages.get(url, {"field": "source", "source": "南京"}).content.decode()
    assert options.strip() == f'<option value="{member_label(mine)}"></option>'
    assert (
        nanjing_pages.get(url, {"field": "target", "target": mine.credit_code[:8]}).content.decode().count("<option")
        == 1
    )
    assert nanjing_pages.get(url, {"field": "source", "source": ""}).content.decode().strip() == ""


def test_member_suggestions_are_capped_and_take_constant_queries(world, nanjing_pages):
    url = reverse("cluster-member-suggest", args=[world.nanjing_cluster.pk])
    MemberFactory.create_batch(3, cluster=world.nanjing_cluster, name="候选企业")
    few = count_queries(lambda: nanjing_pages.get(url, {"field": "source", "source": "候选"}))
    MemberFactory.create_batch(30, cluster=world.nanjing_cluster, name="候选企业")
    many = count_queries(lambda: nanjing_pages.get(url, {"field": "source", "source": "候选"}))
    assert few == many
    assert nanjing_pages.get(url, {"field": "source", "source": "候选"}).content.decode().count("<option") == 20


def test_collaboration_list_page_filters_by_member_kind_and_year(world, nanjing_pages):
    a, b, c = MemberFactory.create_batch(3, cluster=world.nanjing_cluster)
    ab = CollaborationFactory(cluster=world.nanjing_cluster, source=a, target=b, kind="supply", year=2023)
    bc = CollaborationFactory(cluster=world.nanjing_cluster, source=b, target=c, kind="rd", year=2024)
    url = reverse("cluster-collaboration-list", args=[world.nanjing_cluster.pk])

    def shown(**params):
        return [edge.pk for edge in nanjing_pages.get(url, params).context["page"].object_list]

    assert shown() == [bc.pk, ab.pk]  # newest first
    assert shown(member=a.pk) == [ab.pk]
    assert shown(kind="rd") == [bc.pk]
    assert shown(year=2023) == [ab.pk]
    assert "No collaboration matches these filters." in nanjing_pages.get(url, {"year": 1999}).content.decode()


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
