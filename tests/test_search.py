"""Global search (tenancy.search): Chinese without spaces, credit codes, Latin case and accents, what each role of
the cast finds (never a row it may not open), the same answers on PostgreSQL and SQLite, and fixed query counts."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from clusters.models import Cluster, Member
from tenancy.scoping import system_scope, viewer_scope
from tenancy.search import fill
from tenancy.search.selectors import search
from tenancy.search.tokens import document_tokens, parse_query
from tenancy.visibility import Viewer

from .builders import embedded, search_corpus
from .builders.plans import make_plan
from .builders.policies import POLICIES, make_policy
from .cast import CLUSTERS, ROLES, VISIBLE_CLUSTERS
from .factories import MemberFactory, SubmissionFactory
from .matrix.base import ANON

ALL = [*ROLES, ANON]

# Tokens -----------------------------------------------------------------------------------------------------------


def test_document_tokens_hold_characters_pairs_and_folded_words():
    tokens = document_tokens("国电南瑞", "Société NARI", "91320100000000001X").split()
    assert tokens == ["国", "电", "南", "瑞", "国电", "电南", "南瑞", "societe", "nari", "91320100000000001x"]


def test_a_query_keeps_pairs_words_and_prefixes():
    query = parse_query("  南瑞科技  Élec ab ")
    assert [(t.token, t.prefix) for t in query.terms] == [
        ("南瑞", False),
        ("瑞科", False),
        ("科技", False),
        ("elec", True),
        ("ab", False),
    ]
    assert query.folded == "南瑞科技 elec ab"


@pytest.mark.parametrize(
    ("text", "problem"), [("", "empty"), ("  ·—! ", "empty"), ("南", "too_short"), ("a", "too_short")]
)
def test_an_empty_or_one_character_query_is_refused(text, problem):
    assert parse_query(text).problem == problem


# Finding ----------------------------------------------------------------------------------------------------------


def titles(viewer, text, kind):
    with viewer_scope(viewer):
        results = search(viewer=viewer, text=text, only=kind, limit=50)
    return [hit.title for group in results.groups for hit in group.hits]


def test_two_chinese_characters_find_the_member_without_spaces(world):
    MemberFactory(cluster=world.nanjing_cluster, name="国电南瑞科技股份有限公司", name_en="NARI Technology")
    MemberFactory(cluster=world.nanjing_cluster, name="南京瑞达电气", name_en="")
    viewer = Viewer.for_user(world.ministry)
    assert titles(viewer, "南瑞", "members") == ["国电南瑞科技股份有限公司"]
    assert titles(viewer, "国电南瑞科技", "members") == ["国电南瑞科技股份有限公司"]
    assert titles(viewer, "瑞科南", "members") == []  # the pairs must be there, not only the characters


def test_a_credit_code_finds_its_member(world):
    member = MemberFactory(cluster=world.nanjing_cluster, name="国电南瑞科技股份有限公司")
    MemberFactory(cluster=world.nanjing_cluster, name="其他企业")
    viewer = Viewer.for_user(world.nanjing_body)
    assert len(member.credit_code) == 18
    assert titles(viewer, member.credit_code, "members") == ["国电南瑞科技股份有限公司"]
    assert titles(viewer, member.credit_code.lower(), "members") == ["国电南瑞科技股份有限公司"]


def test_latin_text_ignores_case_and_accents(world):
    MemberFactory(cluster=world.nanjing_cluster, name="法国电气", name_en="Société Générale d'Électricité")
    viewer = Viewer.for_user(world.jiangsu)
    for text in ("societe", "SOCIÉTÉ", "électricité", "ELECTRICITE", "generale soc"):
        assert titles(viewer, text, "members") == ["法国电气"], text


def test_hits_are_ranked_equal_then_beginning_then_inside(world):
    for name in ("江苏南瑞帕威尔电气", "南瑞继保", "南瑞", "南瑞继保电气有限公司"):
        MemberFactory(cluster=world.nanjing_cluster, name=name)
    viewer = Viewer.for_user(world.ministry)
    assert titles(viewer, "南瑞", "members") == ["南瑞", "南瑞继保", "南瑞继保电气有限公司", "江苏南瑞帕威尔电气"]


def test_a_renamed_member_is_found_by_its_new_name_only(world):
    member = MemberFactory(cluster=world.nanjing_cluster, name="旧名称企业")
    member.name = "新名称企业"
    member.save(update_fields=["name"])
    viewer = Viewer.for_user(world.ministry)
    assert titles(viewer, "新名称", "members") == ["新名称企业"]
    assert titles(viewer, "旧名称", "members") == []


def test_bulk_written_members_are_found_once_filled(world):
    with system_scope():
        Member.objects.bulk_create(fill([Member(cluster=world.nanjing_cluster, name="批量写入企业", name_en="Bulk")]))
    assert titles(Viewer.for_user(world.ministry), "批量", "members") == ["批量写入企业"]


# Visibility: a hit is always a row the role may open ----------------------------------------------------------------

# Who finds what: the same rule as the pages (tests/cast.py, tests/builders/policies.py).
PLANS = {  # name: (cluster, filed by, state, who reads it)
    "nanjing-submitted": (
        "nanjing_cluster",
        "jiangsu",
        "submitted",
        {"ministry", "jiangsu", "nanjing_body", "nanjing_viewer"},
    ),
    "shenzhen-draft": ("shenzhen_cluster", "guangdong", "draft", {"guangdong"}),
}
ENTRIES = {  # cluster: (submitted, who reads it) — never experts (a blind review hides the cluster)
    "nanjing_cluster": (False, {"nanjing_body", "nanjing_viewer"}),
    "shenzhen_cluster": (True, {"ministry", "guangdong", "shenzhen_body"}),
}


@pytest.fixture
def corpus(world):
    """Every cluster, a member of each, the six policies, two plans and two entries, all holding 目标."""
    members = {name: MemberFactory(cluster=world.clusters[name], name=f"{name}目标企业") for name in CLUSTERS}
    policies = {
        name: make_policy(world, issuer, status, targets=targets, title=f"目标{name}政策")
        for name, (issuer, status, targets, _readers) in POLICIES.items()
    }
    plans = {
        name: make_plan(world, cluster=cluster, by=by, state=state, title=f"目标{name}方案")
        for name, (cluster, by, state, _readers) in PLANS.items()
    }
    from django.utils import timezone

    entries = {
        name: SubmissionFactory(cluster=world.clusters[name], submitted_at=timezone.now() if submitted else None)
        for name, (submitted, _readers) in ENTRIES.items()
    }
    return members, policies, plans, entries


def viewer_of(world, role):
    return Viewer.anonymous() if role == ANON else Viewer.for_user(world.user(role))


def found(world, role, text):
    viewer = viewer_of(world, role)
    with viewer_scope(viewer):
        results = search(viewer=viewer, text=text, limit=50)
    return {(group.kind.kind, hit.object.pk) for group in results.groups for hit in group.hits}, results


def public_clusters(world):
    return {
        name for name, cluster in world.clusters.items() if cluster.is_public and cluster.tier in Cluster.PUBLIC_TIERS
    }


@pytest.mark.parametrize("role", ALL)
def test_each_role_finds_exactly_what_it_may_open(role, world, corpus):
    members, policies, plans, entries = corpus
    hits, _results = found(world, role, "目标")
    clusters = public_clusters(world) if role == ANON else VISIBLE_CLUSTERS[role]
    expected = {("members", members[name].pk) for name in clusters if role != ANON}
    expected |= {("policies", policies[name].pk) for name, spec in POLICIES.items() if role in spec[3]}
    expected |= {("plans", plans[name].pk) for name, spec in PLANS.items() if role in spec[3]}
    assert hits == expected

    cluster_hits, _ = found(world, role, "测试集群")  # the cast's clusters all hold 测试集群; entries by their cluster
    expected = {("clusters", world.clusters[name].pk) for name in clusters}
    expected |= {("entries", entries[name].pk) for name, spec in ENTRIES.items() if role in spec[1]}
    expected |= {("plans", plans[name].pk) for name, spec in PLANS.items() if role in spec[3]}
    assert cluster_hits == expected


@pytest.mark.parametrize("role", ALL)
def test_every_hit_opens_for_the_role(role, world, corpus, page_client_for):
    client = page_client_for(None if role == ANON else world.user(role))
    for text in ("目标", "测试集群"):
        _hits, results = found(world, role, text)
        for group in results.groups:
            for hit in group.hits:
                assert client.get(hit.url).status_code == 200, (role, group.kind.kind, hit.url)


def test_a_draft_policy_is_found_by_its_issuer_only(world):
    draft = make_policy(world, "jiangsu", "draft", title="保密草稿政策")
    assert found(world, "jiangsu", "保密草稿")[0] == {("policies", draft.pk)}
    for role in ("ministry", "guangdong", "nanjing_body", ANON):
        assert found(world, role, "保密草稿")[0] == set(), role


@pytest.mark.parametrize("role", ALL)
def test_partner_posts_are_found_by_the_organisations_that_may_open_them(role, world, page_client_for):
    """Open posts by every organisation, a draft by its publisher's organisation only, nothing by an expert or a
    visitor; each hit opens."""
    from .builders.posts import make_post

    live = make_post(world, title="目标5G通信模组供应", description="可提供模组与联合调测")
    draft = make_post(
        world, cluster="nanjing_cluster", by="nanjing_body", state="draft", title="目标电网芯片需求", description="需求"
    )
    closed = make_post(world, state="closed", title="目标已关闭的产能合作", description="产能")
    hits, results = found(world, role, "目标")
    posts = {pk for kind, pk in hits if kind == "posts"}
    organisations = {"ministry", "jiangsu", "guangdong", "nanjing_body", "nanjing_viewer", "shenzhen_body"}
    expected = {live.pk} if role in organisations else set()
    expected |= {draft.pk} if role in {"nanjing_body", "nanjing_viewer"} else set()
    expected |= {closed.pk} if role == "shenzhen_body" else set()
    assert posts == expected
    assert found(world, role, "联合调测")[0] == ({("posts", live.pk)} if role in organisations else set())
    client = page_client_for(None if role == ANON else world.user(role))
    for group in results.groups:
        for hit in group.hits:
            assert client.get(hit.url).status_code == 200, (role, hit.url)


# Page and API -------------------------------------------------------------------------------------------------------


def test_the_page_groups_hits_by_kind_with_links(world, corpus, page_client_for):
    members, _policies, _plans, _entries = corpus
    page = page_client_for(world.nanjing_body).get(reverse("search"), {"q": "目标"}).content.decode()
    assert 'id="search-members"' in page and 'id="search-policies"' in page
    member = members["nanjing_cluster"]
    assert reverse("cluster-member-detail", args=[member.cluster_id, member.pk]) in page
    assert "shenzhen_cluster目标企业" not in page


def test_the_nav_bar_has_the_search_box_for_visitors_and_signed_in_users(world, page_client_for):
    for user in (None, world.ministry):
        page = page_client_for(user).get(reverse("dashboard")).content.decode()
        assert 'id="nav-search-input"' in page and f'action="{reverse("search")}"' in page


@pytest.mark.parametrize("text", ["", "南", "x"])
def test_an_empty_or_too_short_query_gives_a_message(text, world, page_client_for, client_for):
    response = page_client_for(world.ministry).get(reverse("search"), {"q": text})
    assert response.status_code == 200
    if text:
        assert 'id="search-message"' in response.content.decode()
    answer = client_for(world.ministry).get(reverse("api:search"), {"q": text})
    assert answer.status_code == 400
    assert answer.json()["error"]["fields"]["q"]


def test_the_api_answers_groups_with_urls(world, corpus, client_for):
    members, _policies, _plans, _entries = corpus
    body = client_for(world.jiangsu).get(reverse("api:search"), {"q": "目标", "kind": "members"}).json()
    assert [group["kind"] for group in body["groups"]] == ["members"]
    hits = body["groups"][0]["results"]
    assert {hit["id"] for hit in hits} == {members[name].pk for name in VISIBLE_CLUSTERS["jiangsu"]}
    assert all(hit["url"].startswith("/clusters/") for hit in hits)


def test_the_api_refuses_an_unknown_kind_and_a_bad_limit(world, client_for):
    client = client_for(world.ministry)
    assert client.get(reverse("api:search"), {"q": "南京", "kind": "nothing"}).json()["error"]["fields"]["kind"]
    assert client.get(reverse("api:search"), {"q": "南京", "limit": "0"}).json()["error"]["fields"]["limit"]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_api_query_count_does_not_grow_with_the_hits(rows, world, client_for, django_assert_num_queries):
    for index in range(rows):
        MemberFactory(cluster=world.nanjing_cluster, name=f"计数企业{index}")
    make_plan(world, state="submitted", title="计数方案")
    for index in range(rows):
        make_policy(world, "ministry", "published", title=f"计数政策{index}")
    client = client_for(world.ministry)
    client.get(reverse("api:search"), {"q": "计数"})  # the token's first use is cached
    # The token with its user and membership (1), the request's savepoint (2), one query per kind (6: clusters,
    # members, partner posts, policies, plans, entries).
    with django_assert_num_queries(9):
        body = client.get(reverse("api:search"), {"q": "计数"}).json()
    assert {group["kind"]: len(group["results"]) for group in body["groups"]} == {
        "members": min(rows, 5),
        "policies": min(rows, 5),
        "plans": 1,
    }


# PostgreSQL and SQLite ------------------------------------------------------------------------------------------------


def test_the_same_corpus_gives_the_same_answers_on_postgresql_and_sqlite(db, tmp_path):
    assert connection.vendor == "postgresql"
    search_corpus.build()
    on_postgresql = search_corpus.answers()
    env = embedded.environment(tmp_path / "db.sqlite3", tmp_path / "media")
    embedded.manage({**env, "DJANGO_SETTINGS_MODULE": "tests.settings_syncdb"}, "migrate", "--run-syncdb", "-v0")
    output = embedded.manage(env, "shell", "-c", "from tests.builders.search_corpus import main; main()")
    on_sqlite = json.loads(output.strip().splitlines()[-1])
    assert on_sqlite == on_postgresql
    # The corpus answers what it is for (not only the same thing twice).
    assert on_postgresql["南瑞"]["members"] == [
        "南瑞继保电气有限公司",  # begins with the query, then the shorter names holding it
        "苏州南瑞精密机械",
        "国电南瑞科技股份有限公司",
        "江苏南瑞帕威尔电气有限公司",
    ]
    assert on_postgresql[search_corpus.code(1)] == {"members": ["国电南瑞科技股份有限公司"]}
    assert on_postgresql["ÉLECTRICITÉ"] == {"members": ["Société Générale d'Électricité"]}
    assert on_postgresql["南"] == "too_short" and on_postgresql[""] == "empty"
    assert on_postgresql["不存在的名字"] == {}


# Bulk writers keep the column ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["copy", "orm"])
def test_an_import_writes_and_rewrites_the_search_column(method, world):
    from clusters.imports import storage, validation
    from tenancy.spreadsheets import reading

    from .builders.imports_files import member_row, members_csv

    cluster = world.nanjing_cluster

    def run(rows):
        table = reading.read_table("csv", members_csv(rows))
        with system_scope():
            outcome = validation.validate_members(table, cluster=cluster)
            storage.write_members(cluster=cluster, outcome=outcome, method=method)

    run([member_row(n, chain_links="") for n in (1, 2)])
    run([member_row(1, chain_links="", name="国电南瑞科技股份有限公司"), member_row(3, chain_links="")])
    with system_scope():
        stored = list(
            Member.objects.filter(cluster=cluster).values_list("name", "name_en", "credit_code", "search_tokens")
        )
    assert len(stored) == 3
    for name, name_en, credit_code, tokens in stored:
        assert tokens == document_tokens(name, name_en, credit_code)
    viewer = Viewer.for_user(world.nanjing_body)
    assert titles(viewer, "南瑞", "members") == ["国电南瑞科技股份有限公司"]
    assert titles(viewer, "示例电气1", "members") == []  # the old name is gone from the column
