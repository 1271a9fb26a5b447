"""Cluster members and collaborations through the API: credit codes, chain links, regions, tenancy of writes,
collaborations between members, and who reads which rows.

Who may read and write what is in the cross-tenant matrix (tests/matrix/members.py); here are the rules
of the data itself.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from stdnum.cn import uscc

from clusters.models import Collaboration, Member

from .builders.members import VALID_CODE, WRONG_CHECK_DIGIT, errors, post_member
from .cast import ROLES, VISIBLE_CLUSTERS
from .factories import ChainLinkFactory, CollaborationFactory, MemberFactory, credit_code

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
