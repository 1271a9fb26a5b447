"""Matchmaking (exchange/matching) on hand-made data with known answers: gaps (no link, thin, supplied from
outside), partners ranked with the reason in numbers, what each role of the cast is proposed (tests/cast.py), the
cluster page's section, the gaps page and the complementarity matrix with its export, and query counts."""

from fractions import Fraction

import pytest
from django.urls import reverse

from clusters.models import Cluster
from exchange.matching import gaps as method
from exchange.matching.gaps import ClusterRef, Standing, gap_kind, rank_partners
from tests.builders.exports import export as export_job
from tests.builders.exports import workbook as export_workbook

from .conftest import count_queries
from .factories import (
    ChainCategoryFactory,
    ChainLinkFactory,
    ClusterFactory,
    CollaborationFactory,
    IndustryFieldFactory,
    MemberFactory,
    OrganisationFactory,
)

# The method on plain counts ----------------------------------------------------------------------------------------


def test_gap_kinds_follow_the_thresholds():
    assert (5, Fraction(1, 2)) == (method.THIN_MEMBERS, method.OUTSIDE_SHARE)
    assert gap_kind(Standing()) == "missing"
    assert gap_kind(Standing(links=["a"], members=4)) == "thin"
    assert gap_kind(Standing(links=["a"], members=5)) is None
    # More than half of the members outside (no supply collaborations): outside; exactly half is not.
    assert gap_kind(Standing(links=["a"], members=6, outside_members=4)) == "outside"
    assert gap_kind(Standing(links=["a"], members=6, outside_members=3)) is None
    # Supply collaborations decide when there are any, whatever the members.
    assert gap_kind(Standing(links=["a"], members=6, outside_members=6, supply=4, outside_supply=2)) is None
    assert gap_kind(Standing(links=["a"], members=6, supply=3, outside_supply=2)) == "outside"


def test_partners_rank_by_members_then_name_and_stop_at_three():
    refs = {name: ClusterRef(id=i, name=name) for i, name in enumerate("ABCDE", start=1)}
    candidates = [(refs["A"], 12), (refs["B"], 50), (refs["C"], 12), (refs["D"], 4), (refs["E"], 7)]
    ranked = rank_partners(3, candidates)
    assert [(p.rank, p.cluster.name, p.members) for p in ranked] == [(1, "B", 50), (2, "A", 12), (3, "C", 12)]
    # At least THIN_MEMBERS and more than the cluster's own.
    assert [p.cluster.name for p in rank_partners(12, candidates)] == ["B"]
    assert [p.cluster.name for p in rank_partners(0, [(refs["D"], 4), (refs["E"], 5)])] == ["E"]


# Hand-made clusters ------------------------------------------------------------------------------------------------


@pytest.fixture
def chain(world):
    """A field of four categories and five of its clusters:

    X (the Nanjing body's, public national, 320100): 芯片 (link 芯片环节) 2 members — thin; 模组 (link 模组环节) 6
    members of which 4 outside its regions — outside by members; 整机 (link 整机环节) 6 local members receiving 3 supply
    collaborations, 2 of them from members outside — outside by supply; 服务 no link — missing; 软件 (link 软件环节) 5
    local members — no gap.
    P1 乙测试集群 (the Wuxi body's, public national, 320200): 芯片 12, 模组 3, 服务 7.
    P2 丙测试集群 (the Shenzhen body's, public national, 440300): 芯片 12, 整机 9, 服务 20.
    P3 丁测试集群 (another body's, provincial, not public, 330100): 芯片 50 — only the ministry sees it.
    P4 戊测试集群 (the Nanjing body's own, provincial, not public, 320100): 芯片 4, 服务 5.
    """
    field = IndustryFieldFactory(code="test_chain", name="测试产业", name_en="Test industry")
    names = [("chips", "芯片"), ("modules", "模组"), ("devices", "整机"), ("services", "服务"), ("software", "软件")]
    cats = {
        code: ChainCategoryFactory(field=field, code=code, name=name, name_en=code.title(), position=i)
        for i, (code, name) in enumerate(names, start=1)
    }
    orgs = world.orgs
    zhejiang_body = OrganisationFactory(slug="t-hangzhou", region_id="330100")

    def cluster(name, name_en, body, regions, **extra):
        return ClusterFactory(
            name=name, name_en=name_en, field_id=field.code, promotion_body=body, region_codes=regions, **extra
        )

    hidden = {"tier": Cluster.Tier.PROVINCIAL, "is_public": False}
    x = cluster("甲测试集群", "Jia", orgs["nanjing_body"], ["320100"])
    p1 = cluster("乙测试集群", "Yi", orgs["wuxi_body"], ["320200"])
    p2 = cluster("丙测试集群", "Bing", orgs["shenzhen_body"], ["440300"])
    p3 = cluster("丁测试集群", "Ding", zhejiang_body, ["330100"], **hidden)
    p4 = cluster("戊测试集群", "Wu", orgs["nanjing_body"], ["320100"], **hidden)

    def members(cluster, code, count, outside=0, link_name=None):
        link = ChainLinkFactory(cluster=cluster, name=link_name or f"{cats[code].name}环节", category=cats[code])
        made = [MemberFactory(cluster=cluster, is_local=i >= outside) for i in range(count)]
        link.members.add(*made)
        return made

    members(x, "chips", 2)
    module_members = members(x, "modules", 6, outside=4)
    device_members = members(x, "devices", 6)
    members(x, "software", 5)
    outside_source, local_source = module_members[0], module_members[5]
    for source, target in [(outside_source, 0), (module_members[1], 1), (local_source, 2)]:
        CollaborationFactory(cluster=x, source=source, target=device_members[target], kind="supply")
    CollaborationFactory(cluster=x, source=outside_source, target=device_members[3], kind="rd")  # not supply
    for cluster_, counts in [
        (p1, {"chips": 12, "modules": 3, "services": 7}),
        (p2, {"chips": 12, "devices": 9, "services": 20}),
        (p3, {"chips": 50}),
        (p4, {"chips": 4, "services": 5}),
    ]:
        for code, count in counts.items():
            members(cluster_, code, count)
    return {"field": field, "cats": cats, "x": x, "p1": p1, "p2": p2, "p3": p3, "p4": p4}


def gaps_of(client, cluster):
    response = client.get(reverse("api:matching-cluster-detail", args=[cluster.pk]))
    assert response.status_code == 200, response.content[:300]
    return {gap["category"]["code"]: gap for gap in response.json()["gaps"]}


def partners(gap):
    return [(p["rank"], p["name"], p["members"]) for p in gap["partners"]]


def test_gaps_and_partners_for_the_ministry(chain, world, client_for):
    gaps = gaps_of(client_for(world.ministry), chain["x"])
    assert list(gaps) == ["chips", "modules", "devices", "services"]  # chain order; 软件 is no gap
    chips = gaps["chips"]
    assert (chips["kind"], chips["links"], chips["members"]) == ("thin", ["芯片环节"], 2)
    assert partners(chips) == [(1, "丁测试集群", 50), (2, "丙测试集群", 12), (3, "乙测试集群", 12)]
    assert chips["partners"][1]["reason"] == "丙测试集群：芯片有12家成员；本集群的环节“芯片环节”有2家"
    modules = gaps["modules"]
    assert (modules["kind"], modules["members"], modules["outside_members"], modules["supply"]) == ("outside", 6, 4, 0)
    assert modules["situation"] == "环节“模组环节”的6家成员中有4家位于集群地域之外"
    assert partners(modules) == []  # 乙 has 3, fewer than 5 and than X's 6
    devices = gaps["devices"]
    assert (devices["kind"], devices["supply"], devices["outside_supply"]) == ("outside", 3, 2)
    assert devices["situation"] == "流入环节“整机环节”的3项供应合作中有2项来自集群之外"
    assert partners(devices) == [(1, "丙测试集群", 9)]
    services = gaps["services"]
    assert (services["kind"], services["links"], services["members"]) == ("missing", [], 0)
    assert partners(services) == [(1, "丙测试集群", 20), (2, "乙测试集群", 7), (3, "戊测试集群", 5)]
    assert services["partners"][0]["reason"] == "丙测试集群：服务有20家成员；本集群在该类别没有环节"


@pytest.mark.parametrize(
    ("role", "chips", "visible"),
    [
        # Jiangsu sees X, 乙 and 戊 (its jurisdiction) and 丙 (public register); 丁 is hidden.
        ("jiangsu", ["丙测试集群", "乙测试集群"], {"丙测试集群": False, "乙测试集群": True, "戊测试集群": True}),
        # The Nanjing body sees its own X and 戊, and the public register's 乙 and 丙.
        ("nanjing_body", ["丙测试集群", "乙测试集群"], {"丙测试集群": False, "乙测试集群": False, "戊测试集群": True}),
        (
            "nanjing_viewer",
            ["丙测试集群", "乙测试集群"],
            {"丙测试集群": False, "乙测试集群": False, "戊测试集群": True},
        ),
    ],
)
def test_partners_are_the_clusters_a_role_may_see_or_the_public_register(
    chain, world, client_for, role, chips, visible
):
    gaps = gaps_of(client_for(world.user(role)), chain["x"])
    assert [p["name"] for p in gaps["chips"]["partners"]] == chips
    assert {p["name"]: p["visible"] for p in gaps["services"]["partners"]} == visible
    assert "丁测试集群" not in str(gaps)


def test_a_body_is_proposed_public_clusters_only_beside_its_own(chain, world, client_for):
    # The Shenzhen body sees 丙 (its own); for 丙's gaps it is proposed 乙 (public) and never 丁 nor 戊 (hidden).
    gaps = gaps_of(client_for(world.shenzhen_body), chain["p2"])
    assert list(gaps) == ["modules", "software"]  # 芯片 12, 整机 9 and 服务 20 are no gaps
    assert partners(gaps["modules"]) == [(1, "甲测试集群", 6)]
    names = {p["name"] for gap in gaps.values() for p in gap["partners"]}
    assert names <= {"甲测试集群", "乙测试集群"} and "戊测试集群" not in names and "丁测试集群" not in names
    assert partners(gaps["software"]) == [(1, "甲测试集群", 5)]
    assert (
        client_for(world.shenzhen_body).get(reverse("api:matching-cluster-detail", args=[chain["x"].pk])).status_code
        == 404
    )


def test_the_list_holds_the_clusters_a_role_sees(chain, world, client_for):
    body = client_for(world.jiangsu).get(reverse("api:matching-cluster-list"), {"field": "test_chain"}).json()
    assert [row["name"] for row in body["results"]] == ["乙测试集群", "戊测试集群", "甲测试集群"]
    assert body["results"][2]["matched"] == 3  # of X's four gaps, 模组 has no partner


def test_english_reasons_use_english_names(chain, world, client_for):
    client = client_for(world.ministry)
    response = client.get(reverse("api:matching-cluster-detail", args=[chain["x"].pk]), HTTP_ACCEPT_LANGUAGE="en")
    gap = next(g for g in response.json()["gaps"] if g["category"]["code"] == "services")
    assert gap["partners"][0]["reason"] == "Bing: 20 members in Services; your cluster has no link in it"
    assert gap["situation"] == "No chain link in Services"


# Pages -------------------------------------------------------------------------------------------------------------


def test_the_cluster_page_shows_the_section_to_bodies_and_governments(chain, world, page_client_for):
    url = reverse("cluster-detail", args=[chain["x"].pk])
    page = page_client_for(world.nanjing_body).get(url).content.decode()
    assert 'id="cluster-section-matching"' in page
    assert "丙测试集群：芯片有12家成员；本集群的环节“芯片环节”有2家" in page
    assert "丁测试集群" not in page
    ministry = page_client_for(world.ministry).get(url).content.decode()
    assert "丁测试集群：芯片有50家成员；本集群的环节“芯片环节”有2家" in ministry


def test_the_gaps_page_lists_the_jurisdiction(chain, world, page_client_for):
    page = page_client_for(world.jiangsu).get(reverse("matching"), {"field": "test_chain"}).content.decode()
    assert page.count('class="card mb-3 matching-cluster"') == 3
    assert "乙测试集群：服务有7家成员；本集群在该类别没有环节" in page
    assert "丁测试集群" not in page


def test_the_matrix_counts_members_per_cluster_and_category(chain, world, client_for):
    body = client_for(world.ministry).get(reverse("api:matching-matrix"), {"field": "test_chain"}).json()
    assert [c["code"] for c in body["categories"]] == ["chips", "modules", "devices", "services", "software"]
    rows = {row["name"]: row for row in body["rows"]}
    assert list(rows) == ["丁测试集群", "丙测试集群", "乙测试集群", "戊测试集群", "甲测试集群"]
    assert rows["甲测试集群"]["members"] == [2, 6, 6, 0, 5]
    assert rows["甲测试集群"]["gaps"] == ["thin", "outside", "outside", "missing", None]
    assert rows["甲测试集群"]["partners"] == [3, 0, 1, 3, 0]
    assert (rows["甲测试集群"]["gap_count"], rows["甲测试集群"]["matched"]) == (4, 3)
    assert rows["丙测试集群"]["members"] == [12, 0, 9, 20, 0]
    assert body["totals"] == [80, 9, 15, 32, 5]
    assert body["strong"] == [3, 1, 2, 3, 1]


def test_the_matrix_page_and_its_export(chain, world, page_client_for):
    client = page_client_for(world.ministry)
    page = client.get(reverse("matching-matrix"), {"field": "test_chain"}).content.decode()
    assert 'id="complementarity-matrix"' in page and page.count("<tr data-cluster=") == 5
    response, job = export_job(client, "exchange.matching.matrix", "xlsx", query="field=test_chain")
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    book = export_workbook(job)
    matrix, gap_sheet = book.worksheets
    rows = list(matrix.iter_rows(values_only=True))
    assert rows[0] == ("集群", "芯片", "模组", "整机", "服务", "软件", "空白点", "有合作伙伴")
    assert rows[5] == ("甲测试集群", "2 (thin)", "6 (outside)", "6 (outside)", "0 (missing)", 5, 4, 3)
    assert rows[-1][:6] == ("成员", 80, 9, 15, 32, 5)
    reasons = [row[6] for row in gap_sheet.iter_rows(values_only=True) if row[0] == "甲测试集群"]
    assert "丁测试集群：芯片有50家成员；本集群的环节“芯片环节”有2家" in reasons


def test_the_gaps_export_is_what_the_page_lists(chain, world, page_client_for):
    from tests.builders.exports import exported

    rows = exported(page_client_for(world.jiangsu), "exchange.matching.gaps", "csv", query="field=test_chain")
    assert rows[0][:3] == ["集群", "产业领域", "产业链类别"]
    mine = [row for row in rows[1:] if row[0] == "甲测试集群"]
    assert [(row[2], row[6], row[7], row[8]) for row in mine] == [
        ("芯片", "1", "丙测试集群", "12"),
        ("芯片", "2", "乙测试集群", "12"),
        ("模组", "", "", ""),
        ("整机", "1", "丙测试集群", "9"),
        ("服务", "1", "丙测试集群", "20"),
        ("服务", "2", "乙测试集群", "7"),
        ("服务", "3", "戊测试集群", "5"),
    ]
    assert "丁测试集群" not in str(rows)
    assert {row[0] for row in rows[1:]} == {"甲测试集群", "乙测试集群", "戊测试集群"}


# Query counts ------------------------------------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_the_clusters(chain, world, client_for, page_client_for):
    api, page = client_for(world.ministry), page_client_for(world.ministry)
    list_url, page_url = reverse("api:matching-cluster-list"), reverse("matching")

    def counts():
        return (
            count_queries(lambda: api.get(list_url, {"field": "test_chain"})),
            count_queries(lambda: page.get(page_url, {"field": "test_chain"})),
            count_queries(lambda: api.get(reverse("api:matching-matrix"), {"field": "test_chain"})),
        )

    one_field = IndustryFieldFactory(code="test_single")
    ChainCategoryFactory(field=one_field)
    single = ClusterFactory(field_id="test_single", promotion_body=world.orgs["nanjing_body"])
    single_counts = (
        count_queries(lambda: api.get(list_url, {"field": "test_single"})),
        count_queries(lambda: page.get(page_url, {"field": "test_single"})),
        count_queries(lambda: api.get(reverse("api:matching-matrix"), {"field": "test_single"})),
    )
    assert single.pk
    assert counts() == single_counts  # five clusters with links, members and collaborations; one empty cluster


def test_the_cluster_page_takes_as_many_queries_with_gaps_as_without(chain, world, page_client_for):
    client = page_client_for(world.nanjing_body)
    bare = ClusterFactory(field_id="test_chain", promotion_body=world.orgs["nanjing_body"])
    with_gaps = count_queries(lambda: client.get(reverse("cluster-detail", args=[chain["x"].pk])))
    without = count_queries(lambda: client.get(reverse("cluster-detail", args=[bare.pk])))
    assert with_gaps == without


def test_the_gaps_page_and_its_export_sort_by_the_sort_links(chain, world, page_client_for):
    from tests.builders.exports import exported

    client = page_client_for(world.jiangsu)
    ascending = client.get(reverse("matching"), {"field": "test_chain", "sort": "cluster"})
    descending = client.get(reverse("matching"), {"field": "test_chain", "sort": "-cluster"})
    assert [m.cluster.name for m in ascending.context["matches"]] == ["乙测试集群", "戊测试集群", "甲测试集群"]
    assert [m.cluster.name for m in descending.context["matches"]] == ["甲测试集群", "戊测试集群", "乙测试集群"]
    assert 'id="matching-sorts"' in ascending.content.decode()
    by_tier = client.get(reverse("matching"), {"field": "test_chain", "sort": "tier"})
    assert [m.cluster.name for m in by_tier.context["matches"]][0] == "戊测试集群"  # provincial before national

    rows = exported(client, "exchange.matching.gaps", "csv", query="field=test_chain&sort=-cluster")
    assert list(dict.fromkeys(row[0] for row in rows[1:])) == ["甲测试集群", "戊测试集群", "乙测试集群"]
