"""Blind review (tests.builders.blind): in a round with `blind_review`, nothing the assigned expert can read names
the cluster, its promotion body, its city or its members — every page and API route walked as the expert, before
and after the expert's own writes — while the same walk in an ordinary round shows the names; the masking of the
narrative (longest name first, Chinese and Latin); evidence served under neutral names; conflicts declared through
an entry's code; the entrant warned on the form; the ministry reading everything."""

import re
from urllib.parse import unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluations.models import Assignment, ConflictDeclaration, Review, Submission
from evaluations.review import blind
from tenancy.models import Notification

from .builders.blind import NAMES, blind_world
from .conftest import count_queries

# The walk ------------------------------------------------------------------------------------------------------------

# Routes the walk does not read, each with the reason.
NOT_WALKED = {
    "admin:": "Django admin: superusers only",
    "api:region-list": "the reference list of the country's regions (GB/T 2260) names every city, as a map does",
    "api:region-detail": "one region of the reference list, read by its code",
}

# The object whose id fills a route's `pk`, by the route's first path segment(s).
PK_OF = {
    "clusters": "cluster",
    "register": "cluster",
    "entries": "entry",
    "review/entries": "entry",
    "review/assignments": "assignment",
    "review/rounds": "round",
    "review/experts": "expert",
    "review/conflicts": "declaration",
    "rounds": "round",
    "competitions": "competition",
    "monitoring/clusters": "cluster",
    "assignments": "assignment",
    "reviews": "review",
    "conflicts": "declaration",
    "expert-pool": "expert",
    "experts": "expert",
    "criteria": "criterion",
    "members": "member",
    "organisations": "body",
}

# Other parameters: the object (or the value) that fills them.
PARAMETERS = {
    "claim_id": "claim",
    "claim_pk": "claim",
    "criterion_pk": "indicator_criterion",
    "member_pk": "member",
    "cluster_id": "cluster",
    "cluster_pk": "cluster",
    "competition_pk": "competition",
    "org_pk": "body",
    "number": 1,
    "fmt": "xlsx",
    "file_format": "xlsx",
    "code": "revenue",
    "action": "submit",
    "kind": "chain-link",
    "year": 2024,
    "key": "no-such-invitation",  # an unknown link: the invitation page says it is not valid (404)
    "uidb64": "MQ",  # a password-reset link's account and token: a wrong link, read as the page that says so
    "token": "not-a-token",
}
UNKNOWN_OBJECT = 0  # ids of objects the blind world does not hold: the expert gets a 404, which is walked too
UNKNOWN_PARAMETERS = {
    "link_pk",
    "milestone_pk",
    "part_pk",
    "analysis_pk",
    "job_pk",
    "collaboration_pk",
    "observation_pk",
    "instrument_pk",
    "result_pk",
    "credit_code",
}
ROUTE_PARAMETERS = {
    "import-template": {"kind": "members"},
    "cluster-follow": {"action": "follow"},
    "cluster-link-step": {"step": "confirm"},
    "post-step": {"action": "open"},
    "interest-answer": {"action": "accept"},
}

# What the expert must reach (200) in every walk, so the walk reads their pages and answers, not refusals.
REACHED = {
    "dashboard",
    "expert-me",
    "api:expert-me",
    "my-assignments",
    "review-form",
    "assignment-recuse",
    "conflict-list",
    "conflict-add",
    "entry-evidence",
    "api:assignment-list",
    "api:assignment-detail",
    "api:assignment-history",
    "api:assignment-review",
    "api:review-list",
    "api:review-detail",
    "api:review-history",
    "api:conflict-list",
    "api:conflict-detail",
    "api:entry-evidence",
}
# Where the names show when the round is not blind (so the walk can fail).
NAMED_WHEN_NOT_BLIND = {
    "dashboard",
    "my-assignments",
    "review-form",
    "assignment-recuse",
    "conflict-list",
    "entry-evidence",
    "api:assignment-list",
    "api:assignment-detail",
    "api:review-list",
    "api:review-detail",
    "api:conflict-list",
    "api:entry-evidence",
    "cluster-detail",
    "api:cluster-detail",
}


def routes():
    """(route name, full pattern, parameter names) of every named route."""
    found = []

    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace, text)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}{pattern.name}", text, list(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns)
    return sorted({(name, text, tuple(params)) for name, text, params in found})


def _first_segments(text):
    path = re.sub(r"^api/v1/\^?", "", text.lstrip("^"))
    parts = [part for part in re.split(r"/", path) if part and not part.startswith(("<", "(", "^"))]
    return parts


def url_of(name, text, params, objects):
    kwargs = {}
    segments = _first_segments(text)
    for param in params:
        value = ROUTE_PARAMETERS.get(name, {}).get(param, PARAMETERS.get(param))
        if param == "pk":
            key = PK_OF.get("/".join(segments[:2])) or PK_OF.get(segments[0] if segments else "")
            value = objects[key].pk if key else UNKNOWN_OBJECT
        elif param in UNKNOWN_PARAMETERS:
            value = UNKNOWN_OBJECT
        elif value is None:
            raise AssertionError(f"The blind review walk does not know how to fill {param!r} of {name}: add it.")
        elif isinstance(value, str) and value in objects:
            value = objects[value].pk
        kwargs[param] = value
    return reverse(name, kwargs=kwargs)


def _objects(world, data):
    return {
        **data,
        "expert": world.expert.expert_profile,
        "indicator_criterion": data["claim"].criterion,
    }


def _read(response) -> str:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    headers = "\n".join(f"{key}: {unquote(value)}" for key, value in response.items())  # filename*=utf-8''…
    text = body.decode("utf-8", errors="replace")
    # A region picker (the expert's own profile) carries every administrative division, the entry's among them:
    # reference data that names no cluster, so it is left out of what the expert is said to read.
    text = re.sub(r'data-regions="[^"]*"', "", text)
    return (headers + "\n" + text).lower()


def walk(world, data, *, language, client_for, page_client_for):
    """{route: (status, [names found])} for every walked route, read as the expert in `language`."""
    objects = _objects(world, data)
    api, page = client_for(world.expert), page_client_for(world.expert)
    read = {}
    for name, text, params in routes():
        if any(name == key or (key.endswith(":") and name.startswith(key)) for key in NOT_WALKED):
            continue
        url = url_of(name, text, params, objects)
        client = api if name.startswith("api:") else page
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        shown = _read(response)
        read[name] = (response.status_code, [n for n in NAMES if n.lower() in shown])
    return read


def expert_writes(world, data, client_for, page_client_for):
    """What the expert writes in the round, each answer read: a draft review (API and page) and a conflict
    declared through the entry's code, which recuses the assignment."""
    api, page = client_for(world.expert), page_client_for(world.expert)
    assignment, criterion = data["assignment"], data["criterion"]
    answers = [
        api.put(
            reverse("api:assignment-review", args=[assignment.pk]),
            {"scores": {str(criterion.pk): 82}, "comments": "补充意见"},
            format="json",
        ),
        page.post(reverse("review-form", args=[assignment.pk]), {f"score_{criterion.pk}": "83", "comments": "再改"}),
        page.get(reverse("review-form", args=[assignment.pk])),  # the saved draft and its message
        api.post(
            reverse("api:conflict-list"),
            {"submission": data["entry"].pk, "reason": "读后发现曾指导过该集群"},
            format="json",
        ),
        page.get(reverse("conflict-list")),
    ]
    return [(response.status_code, [n for n in NAMES if n.lower() in _read(response)]) for response in answers]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_expert_of_a_blind_round_reads_no_name_on_any_route(world, client_for, page_client_for, language):
    data = blind_world(world, blind=True)
    before = walk(world, data, language=language, client_for=client_for, page_client_for=page_client_for)
    assert {name for name in REACHED if before[name][0] != 200} == set()
    assert {name: found for name, (_status, found) in before.items() if found} == {}
    written = expert_writes(world, data, client_for, page_client_for)
    assert [status for status, _found in written] == [200, 302, 200, 201, 200]
    assert [found for _status, found in written] == [[]] * 5
    assert Assignment.objects.get(pk=data["assignment"].pk).status == Assignment.Status.RECUSED
    after = walk(world, data, language=language, client_for=client_for, page_client_for=page_client_for)
    assert {name: found for name, (_status, found) in after.items() if found} == {}


def test_the_same_walk_in_an_ordinary_round_shows_the_names(world, client_for, page_client_for):
    data = blind_world(world, blind=False)
    read = walk(world, data, language="zh-hans", client_for=client_for, page_client_for=page_client_for)
    assert {name for name in REACHED if read[name][0] != 200} == set()
    named = {name for name, (_status, found) in read.items() if found}
    assert NAMED_WHEN_NOT_BLIND - named == set()
    # The names shown are those of the entry the expert reviews (A) and of the cluster they declared a conflict with.
    assert "鹭洲织造促进会" in read["review-form"][1] and "翡翠梭子科技有限公司" in read["review-form"][1]


def test_every_parameter_of_every_route_can_be_filled(world):
    """A route with a parameter the walk does not know fails here, so a new route joins the walk."""
    keys = {*PK_OF.values(), "claim", "indicator_criterion", "member", "cluster", "competition", "body"}
    objects = {key: type("Object", (), {"pk": 1})() for key in keys}
    for name, text, params in routes():
        if not name.startswith("admin:"):
            assert url_of(name, text, params, objects)


# Masking ---------------------------------------------------------------------------------------------------------


def test_the_longest_name_is_masked_first_so_no_part_of_it_is_left():
    mask = blind.Masker([("翡翠梭子", "[成员]"), ("翡翠梭子科技有限公司", "[成员]"), ("科技", "[X]")])
    assert mask("翡翠梭子科技有限公司与翡翠梭子合作研发。") == "[成员]与[成员]合作研发。"
    assert mask("科技兴市") == "[X]兴市"


def test_overlapping_names_mask_the_first_and_longest_where_they_start():
    mask = blind.Masker([("鹭洲织造", "[B]"), ("织造促进会", "[C]")])
    # "鹭洲织造" starts first and is masked whole; what is left of the other ("促进会") names nothing alone.
    assert mask("鹭洲织造促进会") == "[B]促进会"
    assert mask("本会即织造促进会。") == "本会即[C]。"


def test_latin_names_are_masked_whatever_their_case_and_chinese_text_around_them_stays():
    mask = blind.Masker([("Jadeshuttle Technology Co., Ltd.", "[member]"), ("Jadeshuttle", "[member]")])
    text = "龙头企业JADESHUTTLE technology co., ltd.与jadeshuttle的工厂。Jadeshuttles!"
    assert mask(text) == "龙头企业[member]与[member]的工厂。[member]s!"


def test_masking_is_deterministic_whatever_the_order_of_the_names():
    pairs = [("珀蓝市", "[place]"), ("珀蓝", "[place]"), ("珀蓝市量子织机产业集群", "[cluster]"), ("量子织机", "[c]")]
    text = "珀蓝市量子织机产业集群位于珀蓝市，简称珀蓝量子织机。"
    first = blind.Masker(pairs)(text)
    assert first == blind.Masker(list(reversed(pairs)))(text) == blind.Masker(pairs)(text)
    assert first == "[cluster]位于[place]，简称[place][c]。"


def test_one_character_names_are_not_masked_and_an_empty_masker_changes_nothing():
    assert blind.Masker([("珀", "[x]"), ("", "[y]")])("珀蓝的湖") == "珀蓝的湖"
    assert not blind.Masker([])
    assert blind.Masker([])("原文") == "原文"


def test_short_forms_drop_the_suffixes_a_narrative_leaves_out():
    assert blind.short_forms("珀蓝市量子织机产业集群", blind.CLUSTER_SUFFIXES) == [
        "珀蓝市量子织机产业集群",
        "珀蓝市量子织机",
    ]
    assert blind.short_forms("Pollanby Quantum Loom Cluster", blind.CLUSTER_SUFFIXES) == [
        "Pollanby Quantum Loom Cluster",
        "Pollanby Quantum Loom",
    ]
    assert blind.short_forms("翡翠梭子科技有限公司", blind.MEMBER_SUFFIXES) == ["翡翠梭子科技有限公司", "翡翠梭子科技"]
    assert blind.short_forms("美的集团", blind.MEMBER_SUFFIXES) == ["美的集团"]  # too short a stem to mask
    assert blind.region_short_forms("珀蓝市") == ["珀蓝市", "珀蓝"]
    assert blind.region_short_forms("Cuiyu District") == ["Cuiyu District", "Cuiyu"]
    assert blind.region_short_forms("眉县") == ["眉县"]


def test_the_names_behind_an_entry_are_its_cluster_body_members_and_places(world):
    data = blind_world(world)
    names = dict(blind.names_behind(data["entry"]))
    assert {name for name, kind in names.items() if kind == blind.CLUSTER} == {
        "珀蓝市量子织机产业集群",
        "珀蓝市量子织机",
        "Pollanby Quantum Loom Cluster",
        "Pollanby Quantum Loom",
    }
    assert {name for name, kind in names.items() if kind == blind.BODY} == {
        "鹭洲织造促进会",
        "鹭洲织造",
        "Heronmere Weaving Council",
        "Heronmere Weaving",
        "t-heronmere",
    }
    # The district and the city above it, each with its short form.
    assert {name for name, kind in names.items() if kind == blind.REGION} == {
        "翠屿区",
        "翠屿",
        "Cuiyu District",
        "Cuiyu",
        "珀蓝市",
        "珀蓝",
        "Pollanby City",
        "Pollanby",
    }
    members = {name for name, kind in names.items() if kind == blind.MEMBER}
    assert {"翡翠梭子科技有限公司", "翡翠梭子科技", "翡翠梭子", "Jadeshuttle Technology", "织光研究院"} <= members
    assert data["member"].credit_code in members


def test_the_expert_reads_the_narrative_masked_and_the_ministry_reads_it_as_written(world, client_for):
    data = blind_world(world)
    url = reverse("api:assignment-detail", args=[data["assignment"].pk])
    shown = client_for(world.expert).get(url).json()
    overview = shown["entry"]["sections"]["overview"]
    assert overview == (
        "overview：[集群]（[集群]）由[推进机构]（[推进机构]）推进，位于[地区]（[地区]，[地区]），"
        "龙头企业[成员]（[成员]）。"
    )
    code = f"A-{data['entry'].pk:04d}"
    assert shown["entry_code"] == shown["entry"]["code"] == code
    assert shown["entry"]["title"] == f"参评材料 {code}"
    assert shown["cluster_name"] is None and shown["promotion_body"] is None
    assert shown["entry"]["promotion_body"] is None and shown["entry"]["members"] == []
    assert shown["entry"]["member_count"] == 3 and shown["entry"]["names_hidden"] is True
    assert shown["entry"]["claimed_values"][0]["note"] == "[地区]统计局，[推进机构]填报"
    english = client_for(world.expert).get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["entry"]["sections"]["overview"].startswith("overview：[cluster]（[cluster]）由[promotion body]")
    assert english["entry"]["title"] == f"Entry {code}"
    ministry = client_for(world.ministry).get(url).json()
    assert ministry["entry"]["sections"] == data["entry"].sections
    assert ministry["cluster_name"] == "珀蓝市量子织机产业集群"
    assert ministry["promotion_body"] == ministry["entry"]["promotion_body"] == "鹭洲织造促进会"
    assert ministry["entry"]["claimed_values"][0]["note"] == "珀蓝市统计局，鹭洲织造促进会填报"


def test_the_review_page_labels_the_entry_by_its_code(world, page_client_for):
    data = blind_world(world)
    html = page_client_for(world.expert).get(reverse("review-form", args=[data["assignment"].pk])).content.decode()
    code = f"A-{data['entry'].pk:04d}"
    assert f'<h1 class="h3 mb-1" id="entry-title">参评材料 {code}</h1>' in html
    assert 'id="blind-note"' in html and "3 位成员，名称已为盲评隐去" in html
    assert f"{code}-evidence-1.pdf" in html


# Evidence ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["entry-evidence", "api:entry-evidence"])
def test_evidence_is_served_to_the_expert_of_a_blind_round_under_a_neutral_name(
    world, client_for, page_client_for, route
):
    data = blind_world(world)
    claim = data["claim"]
    url = reverse(route, args=[data["entry"].pk, claim.pk])
    client = client_for if route.startswith("api:") else page_client_for
    expert = client(world.expert).get(url)
    assert expert.status_code == 200
    assert expert["Content-Disposition"] == f'attachment; filename="A-{data["entry"].pk:04d}-evidence-1.pdf"'
    assert b"".join(expert.streaming_content) == claim.evidence.open("rb").read()
    ministry = client(world.ministry).get(url)
    assert unquote(ministry["Content-Disposition"]).endswith(claim.evidence_name)
    assert claim.evidence_name == "鹭洲织造促进会 Heronmere Weaving Council 珀蓝市 2024年报.pdf"


def test_evidence_keeps_its_name_for_the_expert_of_an_ordinary_round(world, client_for):
    data = blind_world(world, blind=False)
    claim = data["claim"]
    response = client_for(world.expert).get(reverse("api:entry-evidence", args=[data["entry"].pk, claim.pk]))
    assert unquote(response["Content-Disposition"]).endswith(claim.evidence_name)
    detail = client_for(world.expert).get(reverse("api:assignment-detail", args=[data["assignment"].pk])).json()
    assert detail["entry"]["claimed_values"][0]["evidence_name"] == claim.evidence_name


def test_the_neutral_name_numbers_the_claims_in_the_rubrics_order_and_keeps_the_file_type(world):
    data = blind_world(world)
    claim = data["claim"]
    code = blind.entry_code(data["entry"])
    assert blind.neutral_evidence_name(claim) == f"{code}-evidence-1.pdf"
    claim.evidence_name = "名单.XLSX"
    assert blind.neutral_evidence_name(claim, 3) == f"{code}-evidence-3.xlsx"
    claim.evidence_name = "没有扩展名"
    assert blind.neutral_evidence_name(claim, 2) == f"{code}-evidence-2"


# Conflicts -------------------------------------------------------------------------------------------------------


def test_a_conflict_with_a_blind_entry_is_shown_to_the_expert_by_the_entrys_code(world, client_for):
    data = blind_world(world)
    other = data["other_entry"]
    rows = client_for(world.expert).get(reverse("api:conflict-list")).json()["results"]
    assert [(row["cluster"], row["cluster_name"], row["entry_codes"]) for row in rows] == [
        (None, None, [blind.entry_code(other)])
    ]
    assert rows[0]["reason"] == "曾任[集群]（[推进机构]）顾问"
    recused = client_for(world.expert).get(reverse("api:assignment-detail", args=[data["recused"].pk])).json()
    assert (
        recused["status"] == "recused" and recused["recusal_reason"] == "已申报利益冲突：曾任[集群]（[推进机构]）顾问"
    )
    ministry = client_for(world.ministry).get(reverse("api:conflict-list")).json()["results"]
    assert [(row["cluster"], row["cluster_name"], row["entry_codes"]) for row in ministry] == [
        (other.cluster_id, "雁栖湖光纤产业集群", [])
    ]
    # Filtering by the cluster's id does not find it for the expert.
    found = client_for(world.expert).get(reverse("api:conflict-list"), {"cluster": other.cluster_id}).json()
    assert found["results"] == []


def test_the_expert_declares_a_conflict_through_the_entry_on_the_page(world, page_client_for):
    data = blind_world(world)
    client = page_client_for(world.expert)
    form = client.get(reverse("conflict-add")).content.decode()
    code = blind.entry_code(data["entry"])
    assert f"参评材料 {code}" in form and 'id="blind-conflict-help"' in form
    assert "珀蓝" not in form and "雁栖湖" not in form  # blind-only clusters are not offered by name
    both = client.post(
        reverse("conflict-add"), {"entry": data["entry"].pk, "cluster": world.nanjing_cluster.pk, "reason": "两个都选"}
    )
    assert both.status_code == 400 and "请选择一项参评材料或一个集群" in both.content.decode()
    assert not ConflictDeclaration.objects.filter(cluster=data["cluster"]).exists()
    response = client.post(reverse("conflict-add"), {"entry": data["entry"].pk, "reason": "曾为其撰写规划"})
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get(cluster=data["cluster"])
    assert (declaration.expert, declaration.declared_by) == (world.expert.expert_profile, world.expert)
    assert Assignment.objects.get(pk=data["assignment"].pk).status == Assignment.Status.RECUSED
    listed = client.get(reverse("conflict-list")).content.decode()
    assert f"参评材料 {code}" in listed and "珀蓝" not in listed


def test_the_expert_cannot_declare_by_id_a_cluster_whose_entries_are_blind(world, client_for):
    data = blind_world(world)
    client = client_for(world.expert)
    before = ConflictDeclaration.objects.count()
    refused = client.post(
        reverse("api:conflict-list"), {"cluster": data["cluster"].pk, "reason": "猜测"}, format="json"
    )
    assert refused.status_code == 400 and "cluster" in refused.json()["error"]["fields"]
    neither = client.post(reverse("api:conflict-list"), {"reason": "无"}, format="json")
    assert neither.status_code == 400
    foreign = client.post(
        reverse("api:conflict-list"), {"submission": data["other_entry"].pk, "reason": "已回避的"}, format="json"
    )
    assert foreign.status_code == 400 and "submission" in foreign.json()["error"]["fields"]
    assert ConflictDeclaration.objects.count() == before
    assert Assignment.objects.get(pk=data["assignment"].pk).status == Assignment.Status.ASSIGNED


def test_the_expert_cannot_find_a_blind_entry_by_searching_for_its_clusters_name(world, client_for):
    data = blind_world(world)
    client = client_for(world.expert)
    everything = client.get(reverse("api:assignment-list")).json()["results"]
    for query in ("珀蓝", "Pollanby", "雁栖湖"):
        found = client.get(reverse("api:assignment-list"), {"search": query}).json()["results"]
        assert [row["id"] for row in found] == [row["id"] for row in everything]
    ministry = client_for(world.ministry).get(reverse("api:assignment-list"), {"search": "珀蓝"}).json()["results"]
    assert [row["id"] for row in ministry] == [data["assignment"].pk]


def test_the_history_of_an_assignment_is_masked_for_the_expert(world, client_for):
    data = blind_world(world)
    url = reverse("api:assignment-history", args=[data["recused"].pk])
    expert = client_for(world.expert).get(url).json()
    changed = [change for entry in expert for change in entry["changes"] if change["field"] == "recusal_reason"]
    assert changed[0]["new"] == "已申报利益冲突：曾任[集群]（[推进机构]）顾问"
    ministry = client_for(world.ministry).get(url).json()
    changed = [change for entry in ministry for change in entry["changes"] if change["field"] == "recusal_reason"]
    assert changed[0]["new"] == "已申报利益冲突：曾任雁栖湖光纤产业集群（苍梧光电推进办公室）顾问"


# Entrants, notifications ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blind_round", [True, False])
def test_the_entrant_is_warned_that_files_must_be_anonymous_by_themselves(world, page_client_for, blind_round):
    data = blind_world(world, blind=blind_round)
    entry = data["entry"]
    # Returned to its promotion body, the entry is edited again.
    Submission._base_manager.filter(pk=entry.pk).update(status=Submission.Status.RETURNED)
    html = page_client_for(data["editor"]).get(reverse("entry-edit", args=[entry.pk])).content.decode()
    assert ('id="blind-warning"' in html) is blind_round
    assert ('id="blind-evidence-warning"' in html) is blind_round
    if blind_round:
        assert "本轮为盲评" in html


def test_the_api_tells_entrants_what_a_blind_round_masks():
    from evaluations.entries.api.serializers import BLIND_WARNING, ClaimInputSerializer, DraftSerializer

    assert BLIND_WARNING in DraftSerializer().fields["sections"].help_text
    assert BLIND_WARNING in ClaimInputSerializer().fields["evidence"].help_text
    assert "anonymous by themselves" in BLIND_WARNING


def test_no_notification_about_a_blind_entry_reaches_its_expert(world, client_for, page_client_for):
    data = blind_world(world)
    # The entrants and their governments were notified along the way; the expert, who belongs to no organisation,
    # reads none of it.
    assert Notification.objects.exists()
    assert client_for(world.expert).get(reverse("api:notification-list")).json()["results"] == []
    assert page_client_for(world.expert).get(reverse("notification-list")).status_code == 403
    dashboard = page_client_for(world.expert).get(reverse("dashboard")).content.decode()
    assert f"参评材料 {blind.entry_code(data['entry'])}" in dashboard
    assert Review.objects.filter(assignment=data["assignment"]).exists()


# Query counts --------------------------------------------------------------------------------------------------------


def _more_blind_entries(world, data, n):
    from evaluations.entries import services
    from evaluations.review import services as review_services

    from .factories import ClusterFactory

    expert = world.expert.expert_profile
    for index in range(n):
        cluster = ClusterFactory(region_codes=["320200"])
        entry = services.submission_create(round=data["round"], cluster=cluster, by=None)
        Submission._base_manager.filter(pk=entry.pk).update(status=Submission.Status.ELIGIBLE)
        review_services.assignment_add(submission=entry, expert=expert, by=world.ministry)
        if index % 2:
            review_services.conflict_declare(expert=expert, cluster=cluster, reason="顾问", by=world.ministry)


@pytest.mark.parametrize(
    "route,page",
    [
        ("api:assignment-list", False),
        ("api:review-list", False),
        ("api:conflict-list", False),
        ("my-assignments", True),
        ("conflict-list", True),
        ("dashboard", True),
    ],
)
def test_the_experts_lists_of_a_blind_round_cost_the_same_for_one_row_and_many(
    world, client_for, page_client_for, route, page
):
    data = blind_world(world)
    client = page_client_for(world.expert) if page else client_for(world.expert)
    url = reverse(route)
    client.get(url)  # warm caches (content types, sessions)
    few = count_queries(lambda: client.get(url))
    _more_blind_entries(world, data, 4)
    response = client.get(url)
    assert response.status_code == 200
    assert count_queries(lambda: client.get(url)) == few
