"""The member and collaboration pages: field errors on the forms, add, edit and delete, list filters, sorting,
paging and empty states, the collaboration picker and member suggestions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clusters.members.forms import member_label
from clusters.models import Collaboration, Member

from .builders.members import VALID_CODE, WRONG_CHECK_DIGIT, bulk_members, english
from .conftest import count_queries
from .factories import ChainLinkFactory, CollaborationFactory, MemberFactory

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
    sorting = nanjing_pages.get(url, {"kind": "university", "sort": "revenue", "page": 2}).context["sorting"]
    assert sorting["revenue"].direction == "ascending"
    assert sorting["revenue"].query == "kind=university&sort=-revenue"
    assert sorting["name"].query == "kind=university&sort=name"


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
