"""Winners and closure: the final result of a competition's last round designates its winners (national-level through
the tier service, with the competition and the notice in the tier history), the public register shows who designated
them, the competition closes and refuses changes, entrants and their governments are told the outcome, and each
entrant reads its experts' comments (numbered, never named) beside its score breakdown."""

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster
from evaluations.competitions import services as competition_services
from evaluations.models import Competition, Criterion, Designation, Round, Submission, Track
from evaluations.notice import services as notice_services
from evaluations.notice import winners as notice_winners
from tenancy.errors import Refusal
from tenancy.models import Notification
from tenancy.notifications.kinds import render_message

from .builders.runs import add_entry
from .builders.winners import COMMENTS, DRAFT_COMMENT, EXPERTS, RECUSED_COMMENT, RECUSED_EXPERT, contest, finalised
from .conftest import count_queries
from .factories import ClusterFactory


def expected_reason(competition, notice):
    return f"国家级：{competition.name}，公示{notice.pk}号 / National-level: {competition.name_en}, notice {notice.pk}"


# Designation ---------------------------------------------------------------------------------------------------------


def test_the_last_rounds_final_result_makes_its_winners_national_level(world):
    built = contest(world)
    provincial = built["clusters"]["provincial"]
    history_before = provincial.history.count()
    national_history_before = world.shenzhen_cluster.history.count()
    notice_services.notice_finalise(notice=built["notice"], by=world.ministry)

    competition, notice = built["competition"], built["notice"]
    provincial.refresh_from_db()
    assert provincial.tier == Cluster.Tier.NATIONAL and provincial.national_since == 2024
    assert provincial.history.count() == history_before + 1
    record = provincial.history.order_by("-history_id").first()
    assert record.history_change_reason == expected_reason(competition, notice)
    assert record.history_user == world.ministry and record.tier == "national"
    assert record.prev_record.tier == "provincial"

    # The cultivating entry did not advance: it keeps its tier. The already national cluster advanced: designated,
    # but its tier and history stay as they were.
    cultivating = Cluster.objects.get(pk=built["clusters"]["cultivating"].pk)
    assert cultivating.tier == Cluster.Tier.CULTIVATING
    national = Cluster.objects.get(pk=world.shenzhen_cluster.pk)
    assert national.tier == Cluster.Tier.NATIONAL
    assert national.history.count() == national_history_before

    rows = Designation.objects.order_by("cluster__name")
    assert [(d.cluster, d.submission, d.competition, d.notice, d.tier_before, d.designated_by) for d in rows] == [
        (provincial, built["entries"]["provincial"], competition, notice, "provincial", world.ministry),
        (national, built["entries"]["national"], competition, notice, "national", world.ministry),
    ]
    notice.refresh_from_db()
    assert {row.designated_at for row in rows} == {notice.final_published_at}


def test_the_tier_history_reads_the_reason_in_both_languages(world, page_client_for):
    built = finalised(world)
    provincial = built["clusters"]["provincial"]
    page = page_client_for(world.ministry).get(reverse("cluster-history", args=[provincial.pk])).content.decode()
    assert expected_reason(built["competition"], built["notice"]) in page


def test_the_reason_fits_the_history_column_and_keeps_the_notice(world):
    built = contest(world)
    competition = built["competition"]
    competition.name = "二" * 120
    competition.name_en = "Advanced Manufacturing Cluster Competition " * 4
    reason = notice_winners.designation_reason(competition=competition, notice=built["notice"])
    assert len(reason) == 100
    assert reason.startswith("国家级：二") and f"，公示{built['notice'].pk}号 / National-level: Advanced" in reason
    assert reason.endswith(f"…, notice {built['notice'].pk}") and reason.count("…") == 2
    # Names that fit are kept whole.
    competition.name, competition.name_en = "2024年竞赛", "2024 competition"
    number = built["notice"].pk
    assert notice_winners.designation_reason(competition=competition, notice=built["notice"]) == (
        f"国家级：2024年竞赛，公示{number}号 / National-level: 2024 competition, notice {number}"
    )


def test_an_earlier_rounds_final_result_designates_nothing_and_leaves_the_competition_open(world):
    built = contest(world, rounds=2)
    provincial = built["clusters"]["provincial"]
    history_before = provincial.history.count()
    notice_services.notice_finalise(notice=built["notice"], by=world.ministry)
    provincial.refresh_from_db()
    assert provincial.tier == Cluster.Tier.PROVINCIAL and provincial.national_since is None
    assert provincial.history.count() == history_before
    assert not Designation.objects.exists()
    competition = Competition.objects.get(pk=built["competition"].pk)
    assert competition.status == Competition.Status.PUBLISHED
    # The round's advancement is what the run's results record.
    assert {r.submission.cluster_id for r in built["run"].results.filter(advanced=True)} == {
        provincial.pk,
        world.shenzhen_cluster.pk,
    }
    # A later round can still be added.
    competition_services.round_update(round=Round.objects.get(competition=competition, position=2), by=world.ministry)


def test_a_refused_finalisation_designates_nothing(world):
    built = contest(world)
    notice = built["notice"]
    with pytest.raises(Refusal):
        notice_services.notice_finalise(notice=notice, by=world.ministry, now=notice.closes.replace(year=2000))
    assert not Designation.objects.exists()
    assert Cluster.objects.get(pk=built["clusters"]["provincial"].pk).tier == Cluster.Tier.PROVINCIAL
    assert Competition.objects.get(pk=built["competition"].pk).status == Competition.Status.PUBLISHED


# The public register ----------------------------------------------------------------------------------------------


def test_the_register_shows_the_competition_that_designated_a_cluster(world, client_for, page_client_for):
    built = finalised(world)
    provincial = built["clusters"]["provincial"]
    competition = built["competition"]
    body = client_for(None).get(reverse("api:register-list"), {"search": "南京新能源"}).json()
    assert [row["id"] for row in body["results"]] == [provincial.pk]
    assert body["results"][0]["tier"] == "national" and body["results"][0]["national_since"] == 2024
    assert body["results"][0]["designated_by"] == {
        "competition": competition.name,
        "competition_en": competition.name_en,
        "year": 2024,
        "notice": built["notice"].pk,
    }
    # The Shenzhen cluster was national-level before: the register does not credit the competition with it.
    detail = client_for(None).get(reverse("api:register-detail", args=[world.shenzhen_cluster.pk])).json()
    assert detail["designated_by"] is None
    # A cluster that did not win is not on the register.
    cultivating = built["clusters"]["cultivating"]
    assert client_for(None).get(reverse("api:register-detail", args=[cultivating.pk])).status_code == 404

    anonymous = page_client_for(None)
    listing = anonymous.get(reverse("register-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nanjing NEV candidate cluster" in listing and competition.name_en in listing
    page = anonymous.get(reverse("register-detail", args=[provincial.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"{competition.name}的最终结果" in page.content.decode()


def test_the_register_query_count_does_not_grow_with_designations(world, client_for, page_client_for):
    finalised(world)

    def measure():
        api = count_queries(lambda: client_for(None).get(reverse("api:register-list")))
        page = count_queries(lambda: page_client_for(None).get(reverse("register-list")))
        return api, page

    one = measure()
    for index in range(4):
        cluster = ClusterFactory(name=f"新认定集群{index}", tier=Cluster.Tier.PROVINCIAL)
        built_notice = Designation.objects.first().notice
        submission = add_entry(built_notice.run.round, cluster=cluster)
        Designation.objects.create(
            competition=built_notice.run.round.competition,
            notice=built_notice,
            submission=submission,
            cluster=cluster,
            tier_before="provincial",
            designated_at=built_notice.final_published_at,
        )
        Cluster.objects.filter(pk=cluster.pk).update(tier=Cluster.Tier.NATIONAL)
    assert measure() == one


# Closure ----------------------------------------------------------------------------------------------------------


def _snapshot(competition):
    return {
        "competition": Competition.objects.filter(pk=competition.pk).values().get(),
        "tracks": list(Track.objects.filter(competition=competition).values_list("field_id", "position")),
        "rounds": list(Round.objects.filter(competition=competition).values().order_by("pk")),
        "criteria": list(Criterion.objects.filter(round__competition=competition).values().order_by("pk")),
        "entries": Submission.objects.filter(round__competition=competition).count(),
        "history": Competition.history.filter(id=competition.pk).count(),
    }


def test_the_last_rounds_final_result_closes_the_competition(world):
    built = finalised(world)
    competition = built["competition"]
    assert competition.status == Competition.Status.CLOSED
    record = Competition.history.filter(id=competition.pk).order_by("-history_id").first()
    assert record.status == "closed" and record.history_user == world.ministry


def test_a_closed_competition_refuses_every_change_through_the_api(world, client_for):
    built = finalised(world)
    competition, round_ = built["competition"], built["round"]
    before = _snapshot(competition)
    api = client_for(world.ministry)
    rubric = {
        "criteria": [
            {"name": "协作网络", "kind": "expert", "weight": 100, "dimension": "division_of_labour"},
        ]
    }
    attempts = [
        api.patch(reverse("api:competition-detail", args=[competition.pk]), {"name": "改名"}, format="json"),
        api.patch(reverse("api:competition-detail", args=[competition.pk]), {"fields": ["ngit"]}, format="json"),
        api.post(reverse("api:competition-publish", args=[competition.pk])),
        api.delete(reverse("api:competition-detail", args=[competition.pk])),
        api.post(
            reverse("api:round-list"),
            {
                "competition": competition.pk,
                "name": "加赛",
                "submission_opens": "2030-01-01T00:00:00Z",
                "submission_closes": "2030-02-01T00:00:00Z",
                "review_opens": "2030-02-02T00:00:00Z",
                "review_closes": "2030-03-01T00:00:00Z",
                "advancement_rule": "top_n",
                "advance_top_n": 1,
            },
            format="json",
        ),
        api.patch(reverse("api:round-detail", args=[round_.pk]), {"name": "改名"}, format="json"),
        api.delete(reverse("api:round-detail", args=[round_.pk])),
        api.put(reverse("api:round-rubric", args=[round_.pk]), rubric, format="json"),
    ]
    for response in attempts:
        assert response.status_code == 409, response.content
        assert response.json()["error"]["code"] == "closed"
    # A new entry is refused too.
    entry = client_for(world.nanjing_body).post(
        reverse("api:entry-list"), {"round": round_.pk, "cluster": world.nanjing_cluster.pk}, format="json"
    )
    assert entry.status_code == 409 and entry.json()["error"]["code"] == "closed"
    assert _snapshot(competition) == before


def test_a_closed_competition_refuses_changes_on_the_pages(world, page_client_for):
    built = finalised(world)
    competition, round_ = built["competition"], built["round"]
    before = _snapshot(competition)
    ministry = page_client_for(world.ministry)
    response = ministry.post(
        reverse("competition-edit", args=[competition.pk]),
        {"year": 2024, "name": "改名", "endorsement_level": "province", "fields": ["high_end_equipment", "ngit"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409 and "The competition is closed" in response.content.decode()
    response = ministry.post(
        reverse("round-edit", args=[round_.pk]),
        {
            "position": 1,
            "name": "改名",
            "submission_opens": "2030-01-01 00:00",
            "submission_closes": "2030-02-01 00:00",
            "review_opens": "2030-02-02 00:00",
            "review_closes": "2030-03-01 00:00",
            "advancement_rule": "top_n",
            "advance_top_n": 1,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409 and "The competition is closed" in response.content.decode()
    assert _snapshot(competition) == before
    # Whoever reads published competitions still reads the closed one.
    reader = page_client_for(world.nanjing_body)
    assert reader.get(reverse("competition-detail", args=[competition.pk])).status_code == 200


def test_each_service_refuses_a_closed_competition(world):
    built = finalised(world)
    competition, round_ = built["competition"], built["round"]
    calls = [
        lambda: competition_services.competition_update(competition=competition, by=world.ministry, name="改名"),
        lambda: competition_services.round_delete(round=round_, by=world.ministry),
        lambda: competition_services.rubric_replace(round=round_, criteria=[], by=world.ministry),
    ]
    for call in calls:
        with pytest.raises(Refusal) as refused:
            call()
        assert refused.value.code == "closed"


# Notifications ----------------------------------------------------------------------------------------------------


def _told(kinds):
    return {
        (n.kind, n.organisation_id, n.params["cluster"])
        for n in Notification.objects.filter(kind__in=kinds).order_by("pk")
    }


def test_entrants_and_their_governments_are_told_whether_they_won(world):
    built = finalised(world)
    names = {key: cluster.name for key, cluster in built["clusters"].items()}
    orgs = world.orgs
    assert _told(["notice.winner", "notice.not_winner", "notice.advanced", "notice.not_advanced"]) == {
        ("notice.winner", orgs["nanjing_body"].pk, names["provincial"]),
        ("notice.winner", orgs["jiangsu"].pk, names["provincial"]),
        ("notice.winner", orgs["shenzhen_body"].pk, names["national"]),
        ("notice.not_winner", orgs["shenzhen_body"].pk, names["cultivating"]),
        ("notice.not_winner", orgs["guangdong"].pk, names["cultivating"]),
    }
    won = Notification.objects.get(kind="notice.winner", organisation=orgs["jiangsu"])
    lost = Notification.objects.get(kind="notice.not_winner", organisation=orgs["guangdong"])
    assert won.link == reverse("my-result-detail", args=[built["results"]["provincial"].pk])
    assert won.actor == world.ministry
    with translation.override("en"):
        assert render_message(won) == (
            "The final result of “Results of the 2024 competition” is published: Nanjing NEV candidate cluster is "
            "among the winners of Test competition and is designated a national-level advanced manufacturing "
            "cluster. Its result and score breakdown are in My results."
        )
        assert render_message(lost) == (
            "The final result of “Results of the 2024 competition” is published: Shenzhen smart equipment cluster is "
            "not among the winners of Test competition. Its result and score breakdown are in My results."
        )
    with translation.override("zh-hans"):
        competition = built["competition"].name
        assert render_message(won) == (
            f"“2024年先进制造业集群竞赛结果公示”的最终结果已公布：南京新能源汽车候选集群在{competition}中胜出，"
            "认定为国家级先进制造业集群。其结果和得分明细见“我的结果”。"
        )
        assert render_message(lost) == (
            f"“2024年先进制造业集群竞赛结果公示”的最终结果已公布：深圳智能装备培育集群未在{competition}中胜出。"
            "其结果和得分明细见“我的结果”。"
        )


def test_an_earlier_round_tells_who_advances(world):
    built = finalised(world, rounds=2)
    names = {key: cluster.name for key, cluster in built["clusters"].items()}
    orgs = world.orgs
    assert _told(["notice.winner", "notice.not_winner", "notice.advanced", "notice.not_advanced"]) == {
        ("notice.advanced", orgs["nanjing_body"].pk, names["provincial"]),
        ("notice.advanced", orgs["jiangsu"].pk, names["provincial"]),
        ("notice.advanced", orgs["shenzhen_body"].pk, names["national"]),
        ("notice.not_advanced", orgs["shenzhen_body"].pk, names["cultivating"]),
        ("notice.not_advanced", orgs["guangdong"].pk, names["cultivating"]),
    }
    with translation.override("en"):
        text = render_message(Notification.objects.get(kind="notice.not_advanced", organisation=orgs["guangdong"]))
    assert "Shenzhen smart equipment cluster does not advance to the next round of Test competition" in text


# The experts' comments --------------------------------------------------------------------------------------------


def _names_of_experts():
    found = []
    for username, family, given in [*EXPERTS, RECUSED_EXPERT]:
        found += [username, f"{given} {family}", family + given, given]
    return found


def _expected_comments(built):
    """The comments of the "provincial" entry by expert number: the experts in the order of their profile ids."""
    experts = built["experts"][:2]
    ordered = sorted(range(2), key=lambda index: experts[index].pk)
    return [(f"Expert {number}", COMMENTS[("provincial", index)]) for number, index in enumerate(ordered, start=1)]


def test_the_entrant_reads_its_experts_comments_numbered_beside_its_breakdown(world, client_for):
    built = finalised(world)
    result = built["results"]["provincial"]
    response = client_for(world.nanjing_body).get(
        reverse("api:published-result-detail", args=[result.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert [(c["expert"], c["comments"]) for c in body["comments"]] == _expected_comments(built)
    assert [c["number"] for c in body["comments"]] == [1, 2]
    # The same numbering as the score table of the breakdown.
    experts = body["breakdown"]["criteria"][0]["experts"]
    assert experts == ["Expert 1", "Expert 2"]
    raw = dict(zip(experts, body["breakdown"]["criteria"][0]["raw"], strict=True))
    by_number = dict(_expected_comments(built))
    scores = {COMMENTS[("provincial", 0)]: 85, COMMENTS[("provincial", 1)]: 90}
    assert {label: scores[by_number[label]] for label in raw} == raw
    # Only reviews that counted; never a name, a username or an expert's id.
    text = response.content.decode()
    assert DRAFT_COMMENT not in text and RECUSED_COMMENT not in text
    for name in _names_of_experts():
        assert name not in text
    for expert in built["experts"]:
        assert f'"expert_id": {expert.pk}' not in text and f'"expert": {expert.pk}' not in text
    assert body["last_round"] is True and body["advanced"] is True


def test_the_comments_on_the_result_page(world, page_client_for):
    built = finalised(world)
    result = built["results"]["provincial"]
    page = (
        page_client_for(world.nanjing_body)
        .get(reverse("my-result-detail", args=[result.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
    )
    assert 'id="expert-comments"' in page
    first, second = _expected_comments(built)
    assert page.index("专家1</h3>") < page.index(first[1]) < page.index("专家2</h3>") < page.index(second[1])
    assert DRAFT_COMMENT not in page and RECUSED_COMMENT not in page
    for name in _names_of_experts():
        assert name not in page
    assert "认定为国家级集群" in page
    # An expert who wrote nothing is listed as such.
    cultivating = built["results"]["cultivating"]
    other = page_client_for(world.shenzhen_body).get(
        reverse("my-result-detail", args=[cultivating.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "No written comment." in other.content.decode() and COMMENTS[("cultivating", 0)] in other.content.decode()


def test_no_comments_before_the_final_result(world, client_for, page_client_for):
    built = contest(world)
    result = built["results"]["provincial"]
    api = client_for(world.nanjing_body)
    assert api.get(reverse("api:published-result-detail", args=[result.pk])).status_code == 404
    page = page_client_for(world.nanjing_body).get(reverse("my-result-detail", args=[result.pk]))
    assert page.status_code == 404 and COMMENTS[("provincial", 0)] not in page.content.decode()


def test_no_comments_on_another_entrants_result(world, client_for, page_client_for):
    built = finalised(world)
    theirs = built["results"]["cultivating"]
    api = client_for(world.nanjing_body)
    assert api.get(reverse("api:published-result-detail", args=[theirs.pk])).status_code == 404
    page = page_client_for(world.nanjing_body).get(reverse("my-result-detail", args=[theirs.pk]))
    assert page.status_code == 404 and COMMENTS[("cultivating", 0)] not in page.content.decode()


def test_a_government_reads_the_result_but_not_the_comments(world, client_for, page_client_for):
    built = finalised(world)
    result = built["results"]["provincial"]
    body = client_for(world.jiangsu).get(reverse("api:published-result-detail", args=[result.pk])).json()
    assert body["comments"] is None and body["total"] == str(result.total)
    page = page_client_for(world.jiangsu).get(reverse("my-result-detail", args=[result.pk])).content.decode()
    assert COMMENTS[("provincial", 0)] not in page and 'id="expert-comments"' not in page
    # The ministry reads the reviews themselves, not through the entrant's page.
    ministry = client_for(world.ministry).get(reverse("api:published-result-detail", args=[result.pk])).json()
    assert ministry["comments"] is None


def test_the_comments_follow_the_experts_in_the_breakdown():
    from evaluations.notice import feedback

    breakdown = {"criteria": [{"experts": [31, 7], "raw": [1, 2]}, {"kind": "indicator", "claim": "3"}]}
    assert notice_services.expert_numbers(breakdown) == {"7": 1, "31": 2}
    assert feedback.counted_experts(breakdown) == {"7", "31"}
    with translation.override("en"):
        entrant = notice_services.breakdown_for_entrant(breakdown)
    assert entrant["criteria"][0]["experts"] == ["Expert 2", "Expert 1"]
    assert feedback.counted_experts({"criteria": [{"kind": "indicator"}]}) == set()
