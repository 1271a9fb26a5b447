"""One enterprise, many clusters (issue 14, item 2): members of different clusters sharing a credit code.

Every role of the cast sees the link as DESIGN §2 says: a member it may read with its cluster and a link to it, of
any other member only its cluster's public name, a cluster neither seen nor public counted. The proposal when a
body adds a member (form, API, import), query counts, and the demo's Huawei."""

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster, ImportJob, Member
from exchange.enterprises.selectors import enterprise_of, member_enterprise
from tenancy.scoping import system_scope, viewer_scope
from tenancy.visibility import Viewer

from .builders.imports_files import member_row, members_csv
from .builders.members import english
from .cast import ROLES, VISIBLE_CLUSTERS
from .conftest import count_queries
from .factories import ClusterFactory, MemberFactory, credit_code

CODE = credit_code(777001, "440300")
# The enterprise's clusters: three of the public register and the Nanjing body's provincial cluster (not public).
HOLDERS = ["nanjing_cluster", "shenzhen_cluster", "wuxi_cluster", "provincial_cluster"]
PUBLIC = {"nanjing_cluster", "shenzhen_cluster", "wuxi_cluster", "cross_cluster"}


@pytest.fixture
def enterprise(world):
    """{cluster name: the member there}, each member record named after its cluster (so a page that shows a record
    it should not is caught by the name)."""
    with system_scope():
        return {
            name: MemberFactory(
                cluster=world.clusters[name], credit_code=CODE, name=f"华为记录-{name}", revenue=1000 + index
            )
            for index, name in enumerate(HOLDERS)
        }


def expected_view(role, home):
    """(seen, public, hidden) of the enterprise's other clusters, seen from `home`, by the cast's truth table."""
    others = set(HOLDERS) - {home}
    seen = others & VISIBLE_CLUSTERS[role]
    public = (others - seen) & PUBLIC
    return seen, public, len(others - seen - public)


def home_of(role):
    return next((name for name in HOLDERS if name in VISIBLE_CLUSTERS[role]), None)


# Visibility per role --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_link_as_the_truth_table_says(world, enterprise, role):
    home = home_of(role)
    user = getattr(world, role)
    with viewer_scope(Viewer.for_user(user)):
        if home is None:  # the expert reads none of the members: the enterprise is not theirs to open
            assert enterprise_of(CODE) is None
            return
        found = member_enterprise(Member.objects.get(pk=enterprise[home].pk))
    seen, public, hidden = expected_view(role, home)
    names = {world.clusters[name].name: name for name in HOLDERS}
    assert {names[place.name] for place in found.places if place.seen} == seen
    assert {names[place.name] for place in found.places if place.public and not place.seen} == public
    assert found.hidden_count == hidden
    # Member ids only for what the role may open; a hidden cluster has neither id nor name.
    assert {place.member_id for place in found.places if place.seen} == {enterprise[name].pk for name in seen}
    assert all(place.member_id is None for place in found.places if not place.seen)
    assert all(place.cluster_id is None and place.name == "" for place in found.places if not place.named)


@pytest.mark.parametrize("role", ROLES)
def test_the_member_page_panel_shows_links_only_to_what_the_role_may_open(world, enterprise, role, page_client_for):
    home = home_of(role)
    if home is None:
        return
    client = english(page_client_for(getattr(world, role)))
    page = client.get(reverse("cluster-member-detail", args=[world.clusters[home].pk, enterprise[home].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Also in other clusters" in html
    seen, public, hidden = expected_view(role, home)
    for name in set(HOLDERS) - {home}:
        member_url = reverse("cluster-member-detail", args=[world.clusters[name].pk, enterprise[name].pk])
        assert (member_url in html) == (name in seen), name
        register_url = reverse("register-detail", args=[world.clusters[name].pk])
        assert (f'href="{register_url}"' in html) == (name in public), name
        assert (f"华为记录-{name}" in html) == (name == home), name  # no other record's name
    assert ("not in the public register" in html) == bool(hidden)
    assert reverse("enterprise-detail", args=[CODE]) in html


def test_a_member_alone_or_without_a_code_has_no_panel(world, page_client_for):
    with system_scope():
        alone = MemberFactory(cluster=world.nanjing_cluster)
        blank = MemberFactory(cluster=world.nanjing_cluster, credit_code="")
        MemberFactory(cluster=world.shenzhen_cluster, credit_code="")
    client = english(page_client_for(world.ministry))
    for member in (alone, blank):
        html = client.get(reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, member.pk])).content
        assert b"member-other-clusters" not in html


@pytest.mark.parametrize("role", ROLES)
def test_the_enterprise_page_shows_side_by_side_only_the_records_the_role_may_read(
    world, enterprise, role, page_client_for
):
    client = english(page_client_for(getattr(world, role)))
    response = client.get(reverse("enterprise-detail", args=[CODE]))
    readable = set(HOLDERS) & VISIBLE_CLUSTERS[role]
    if not readable:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert [member.pk for member in response.context["members"]] == sorted(
        (enterprise[name].pk for name in readable), key=lambda pk: Member._base_manager.get(pk=pk).cluster.name
    )
    html = response.content.decode()
    for name in HOLDERS:
        assert (f"华为记录-{name}" in html) == (name in readable), name
    assert response.context["enterprise"].cluster_count == len(HOLDERS)


def test_an_unknown_code_is_a_404_for_everyone(world, page_client_for, client_for):
    assert page_client_for(world.ministry).get(reverse("enterprise-detail", args=[CODE])).status_code == 404
    assert client_for(world.ministry).get(reverse("api:enterprise-detail", args=[CODE])).status_code == 404


# The list (ministry and governments) --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_list_is_the_ministrys_and_the_governments(world, enterprise, role, page_client_for, client_for):
    page = page_client_for(getattr(world, role)).get(reverse("enterprise-list"))
    api = client_for(getattr(world, role)).get(reverse("api:enterprise-list"))
    if role not in ("ministry", "jiangsu", "guangdong"):
        assert (page.status_code, api.status_code) == (403, 403)
        return
    assert (page.status_code, api.status_code) == (200, 200)
    assert [e.credit_code for e in page.context["page"].object_list] == [CODE]
    [row] = api.json()["results"]
    assert row["credit_code"] == CODE
    assert row["cluster_count"] == 4
    home = home_of(role)
    seen, public, hidden = expected_view(role, home)
    seen |= {home}
    assert {c["name"] for c in row["clusters"] if c["member"]} == {world.clusters[n].name for n in seen}
    assert {c["name"] for c in row["clusters"] if not c["member"]} == {world.clusters[n].name for n in public}
    assert row["other_clusters"] == hidden
    # The name shown is one of a record the role reads.
    assert row["name"] in {f"华为记录-{name}" for name in seen}


def test_the_list_filters_by_cluster_region_search_and_code_and_sorts(world, enterprise, client_for):
    with system_scope():
        other = credit_code(777002, "320100")
        MemberFactory(cluster=world.nanjing_cluster, credit_code=other, name="阿尔法记录")
        MemberFactory(cluster=world.cross_cluster, credit_code=other, name="阿尔法记录二")
        MemberFactory(cluster=world.cross_cluster, credit_code=credit_code(777003, "320100"))  # one cluster only
    client = client_for(world.ministry)
    url = reverse("api:enterprise-list")

    def codes(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.json()
        return [row["credit_code"] for row in response.json()["results"]]

    assert codes() == sorted([CODE, other], key=lambda c: {CODE: "华为记录-nanjing_cluster", other: "阿尔法记录"}[c])
    assert codes(cluster=world.shenzhen_cluster.pk) == [CODE]
    assert codes(cluster=world.cross_cluster.pk) == [other]
    assert set(codes(region="440300")) == {CODE, other}  # the cross-region cluster spans Shenzhen
    assert codes(region="320200") == [CODE]  # Wuxi
    assert codes(q="阿尔法") == [other]
    assert codes(q=CODE[-6:].lower()) == [CODE]
    assert codes(credit_code=other) == [other]
    assert codes(ordering="-clusters") == [CODE, other]
    assert codes(ordering="clusters") == [other, CODE]
    assert client.get(url, {"ordering": "revenue"}).status_code == 400
    assert client.get(url, {"region": "999999"}).status_code == 400


def test_a_government_filtering_by_a_cluster_it_may_not_see_gets_a_field_error(world, enterprise, client_for):
    response = client_for(world.guangdong).get(reverse("api:enterprise-list"), {"cluster": world.nanjing_cluster.pk})
    assert response.status_code == 400
    assert "cluster" in str(response.json())


def test_the_list_page_and_api_take_the_same_queries_for_one_and_many_enterprises(world, client_for, page_client_for):
    ministry_page, ministry_api = page_client_for(world.ministry), client_for(world.ministry)

    def add(first, count):
        with system_scope():
            for n in range(first, first + count):
                code = credit_code(n, "320100")
                MemberFactory(cluster=world.nanjing_cluster, credit_code=code)
                MemberFactory(cluster=world.shenzhen_cluster, credit_code=code)
                MemberFactory(cluster=world.provincial_cluster, credit_code=code)

    add(800000, 1)
    few = (
        count_queries(lambda: ministry_page.get(reverse("enterprise-list"))),
        count_queries(lambda: ministry_api.get(reverse("api:enterprise-list"))),
    )
    add(800100, 30)
    many = (
        count_queries(lambda: ministry_page.get(reverse("enterprise-list"))),
        count_queries(lambda: ministry_api.get(reverse("api:enterprise-list"))),
    )
    assert few == many
    assert len(ministry_api.get(reverse("api:enterprise-list")).json()["results"]) == 31


def test_the_member_page_panel_costs_the_same_for_two_clusters_and_for_many(world, page_client_for):
    client = page_client_for(world.ministry)
    with system_scope():
        home = MemberFactory(cluster=world.nanjing_cluster, credit_code=CODE)
        MemberFactory(cluster=world.shenzhen_cluster, credit_code=CODE)
    url = reverse("cluster-member-detail", args=[world.nanjing_cluster.pk, home.pk])
    few = count_queries(lambda: client.get(url))
    with system_scope():
        for index in range(5):
            MemberFactory(cluster=ClusterFactory(name=f"另一个集群{index}"), credit_code=CODE)
    many = count_queries(lambda: client.get(url))
    assert few == many
    assert client.get(url).content.decode().count('data-place="member"') == 6


def test_the_export_holds_the_list_as_the_requester_sees_it(world, enterprise):
    from django.http import QueryDict

    from exchange.enterprises.exports import enterprise_sheets
    from tenancy.exports.registry import ExportRequest

    with viewer_scope(Viewer.for_user(world.guangdong)):
        [(_title, header, rows)] = enterprise_sheets(ExportRequest(user=world.guangdong, GET=QueryDict("")))
        rows = list(rows)
    assert len(header) == 5
    [(name, _en, code, count, clusters)] = rows
    assert (name, code, count) == ("华为记录-shenzhen_cluster", CODE, 4)
    # Guangdong sees Shenzhen; Nanjing and Wuxi are public; the provincial cluster is counted, not named.
    assert world.provincial_cluster.name not in clusters
    assert world.nanjing_cluster.name in clusters and world.wuxi_cluster.name in clusters


# The proposal when members are added ----------------------------------------------------------------------------


@pytest.fixture
def elsewhere(world):
    """A code held in the Shenzhen cluster (public) and in a provincial cluster of the Wuxi body (not public)."""
    with system_scope():
        hidden = ClusterFactory(
            name="无锡非公开测试集群",
            promotion_body=world.orgs["wuxi_body"],
            region_codes=["320200"],
            tier=Cluster.Tier.PROVINCIAL,
            is_public=False,
        )
        code = credit_code(778001, "440300")
        MemberFactory(cluster=world.shenzhen_cluster, credit_code=code, name="深圳的记录")
        MemberFactory(cluster=hidden, credit_code=code, name="无锡的记录")
    return code


def proposal(world):
    """The proposal in English, as the Nanjing body reads it: the Shenzhen cluster by its public (English) name."""
    return (
        f"This credit code belongs to a member of 2 other clusters: {world.shenzhen_cluster.name_en} and 1 cluster "
        "not in the public register."
    )


def test_the_member_form_proposes_the_link_after_the_save(world, elsewhere, page_client_for):
    client = english(page_client_for(world.nanjing_body))
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    response = client.post(url, {"name": "华为南京", "kind": "enterprise", "credit_code": elsewhere}, follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert proposal(world) in messages
    html = response.content.decode()
    assert "深圳的记录" not in html and "无锡的记录" not in html and "无锡非公开测试集群" not in html
    with system_scope():
        assert Member.objects.filter(cluster=world.nanjing_cluster, credit_code=elsewhere).count() == 1


def test_a_new_code_gets_no_proposal(world, page_client_for):
    client = english(page_client_for(world.nanjing_body))
    url = reverse("cluster-member-add", args=[world.nanjing_cluster.pk])
    code = credit_code(778999, "320100")
    response = client.post(url, {"name": "新企业", "kind": "enterprise", "credit_code": code}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["新企业 was added."]


def test_the_api_answers_the_proposal_with_the_created_member(world, elsewhere, client_for):
    client = english(client_for(world.nanjing_body))
    body = {"cluster": world.nanjing_cluster.pk, "name": "华为南京", "kind": "enterprise", "credit_code": elsewhere}
    response = client.post(reverse("api:member-list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["credit_code_notes"] == [proposal(world)]
    other = {**body, "credit_code": credit_code(778998, "320100"), "name": "另一家"}
    assert client.post(reverse("api:member-list"), other, format="json").json()["credit_code_notes"] == []


def test_the_ministry_is_told_the_names_it_may_read(world, elsewhere):
    from exchange.enterprises.selectors import credit_code_notes

    with viewer_scope(Viewer.for_user(world.ministry)), translation.override("en"):
        notes = credit_code_notes(cluster=world.nanjing_cluster, codes=[elsewhere, ""])
    hidden = Cluster._base_manager.get(name="无锡非公开测试集群")  # the ministry reads it: named too
    named = f"{world.shenzhen_cluster.name_en} and {hidden.name_en}"
    assert notes == {elsewhere: f"This credit code belongs to a member of 2 other clusters: {named}."}


@pytest.mark.usefixtures("_media")
@pytest.mark.parametrize("dry_run", [True, False])
def test_the_import_report_proposes_the_link_without_refusing_a_row(
    world, elsewhere, links, upload, dry_run, client_for
):
    rows = [member_row(1), {**member_row(2), "credit_code": elsewhere}]
    response, job = upload(members_csv(rows), dry_run=dry_run)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.report == []
    assert job.notes == [{"row": 3, "column": "统一社会信用代码 (credit_code)", "message": proposal(world)}]
    assert "1 row has a credit code that members of other clusters hold" in job.message
    detail = english(client_for(world.nanjing_body)).get(reverse("api:import-job-detail", args=[job.pk])).json()
    assert detail["notes"] == job.notes
    with system_scope():
        assert Member.objects.filter(cluster=world.nanjing_cluster).count() == (0 if dry_run else 2)
