"""The lifecycle of an entry: who may enter (the competition's tiers and provincial quotas, the first round only),
the formal check's refusal with a reason, the entrant's withdrawal before the deadline, their notifications and
audit, their exclusion from assignment and runs, and the re-check on every write that the actor is still entitled
to the entry's cluster. Each refusal is a clear error that changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from clusters.models import Cluster, ClusterRegion
from evaluations.competitions import services as competition_services
from evaluations.entries import lifecycle, services
from evaluations.models import (
    Assignment,
    ClaimedValue,
    Competition,
    Criterion,
    Endorsement,
    Round,
    Submission,
    SubmissionEvent,
)
from evaluations.review import services as review_services
from tenancy.errors import Refusal
from tenancy.models import Notification

from .builders.competitions import entries, fill, make_competition
from .builders.lifecycle import two_rounds
from .factories import ClusterFactory, ExpertProfileFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def fresh(submission):
    return Submission.objects.get(pk=submission.pk)


def rows():
    """Everything an entry's transition writes, to assert that a refusal wrote nothing."""
    return (
        list(Submission.objects.order_by("pk").values_list()),
        list(SubmissionEvent.objects.order_by("pk").values_list()),
        list(Endorsement.objects.order_by("pk").values_list()),
        list(ClaimedValue.objects.order_by("pk").values_list()),
        list(Assignment.objects.order_by("pk").values_list()),
        Notification.objects.count(),
    )


def notified(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("organisation__slug", flat=True))


def actions(submission):
    return list(SubmissionEvent.objects.filter(submission=submission).order_by("pk").values_list("action", flat=True))


# Who may enter: tiers ----------------------------------------------------------------------------------------------


def test_a_competition_admits_the_tiers_below_national_by_default(world, client_for):
    competition = competition_services.competition_create(year=2025, name="默认竞赛", by=world.ministry)
    assert competition.entry_tiers == ["cultivating", "provincial"]
    assert competition.province_quota is None and competition.province_quotas == {}
    body = client_for(world.ministry).get(reverse("api:competition-detail", args=[competition.pk])).json()
    assert body["entry_tiers"] == ["cultivating", "provincial"]
    assert body["province_quota"] is None and body["province_quotas"] == {}


def test_a_cluster_of_a_tier_not_admitted_is_refused(world, client_for, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, name="省级以下竞赛", entry_tiers=["provincial"])
    before = rows()
    with translation.override("en"), pytest.raises(Refusal) as refused:
        services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body)
    assert refused.value.code == "not_admitted"
    assert "南京智能电网测试集群 is a cluster of tier “National”" in refused.value.message
    assert "open to these tiers only: Provincial" in refused.value.message
    response = client_for(world.nanjing_body).post(
        reverse("api:entry-list"), {"round": round_.pk, "cluster": world.nanjing_cluster.pk}, **EN
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_admitted"
    page = page_client_for(world.nanjing_body).post(
        reverse("entry-add"), {"round": round_.pk, "cluster": world.nanjing_cluster.pk}, **EN
    )
    assert page.status_code == 400
    assert "open to these tiers only: Provincial" in page.content.decode()
    assert rows() == before
    provincial = services.submission_create(round=round_, cluster=world.provincial_cluster, by=world.nanjing_body)
    assert provincial.status == "draft"


# Who may enter: provincial quotas ----------------------------------------------------------------------------------


def test_a_province_over_its_quota_is_refused_until_a_place_frees(world, client_for):
    _competition, round_ = make_competition(by=world.ministry, name="配额竞赛", province_quota=1)
    nanjing = services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body)
    before = rows()
    response = client_for(world.nanjing_body).post(
        reverse("api:entry-list"), {"round": round_.pk, "cluster": world.provincial_cluster.pk}, **EN
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "quota_full",
        "message": "Jiangsu has no place left in its quota of 1 candidates in this competition (1 entries; "
        "withdrawn and ineligible ones do not count).",
    }
    assert rows() == before
    # Guangdong's place is its own.
    services.submission_create(round=round_, cluster=world.shenzhen_cluster, by=world.shenzhen_body)
    # A withdrawn entry gives its place back.
    lifecycle.submission_withdraw(submission=nanjing, by=world.nanjing_body)
    services.submission_create(round=round_, cluster=world.provincial_cluster, by=world.nanjing_body)
    assert set(Submission.objects.filter(round=round_).values_list("cluster__name", "status")) == {
        ("南京智能电网测试集群", "withdrawn"),
        ("深圳信息通信测试集群", "draft"),
        ("南京省级测试集群", "draft"),
    }


def test_a_cross_province_cluster_needs_a_place_in_each_province(world):
    _competition, round_ = make_competition(by=world.ministry, name="跨省配额竞赛", province_quota=1)
    services.submission_create(round=round_, cluster=world.shenzhen_cluster, by=world.shenzhen_body)
    with translation.override("en"), pytest.raises(Refusal) as refused:
        services.submission_create(round=round_, cluster=world.cross_cluster, by=world.shenzhen_body)
    assert refused.value.code == "quota_full" and "Guangdong" in refused.value.message
    assert not Submission.objects.filter(round=round_, cluster=world.cross_cluster).exists()


def test_a_province_may_have_its_own_quota(world):
    _competition, round_ = make_competition(
        by=world.ministry, name="分省配额竞赛", province_quota=1, province_quotas={"320000": 2, "440000": 0}
    )
    services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body)
    services.submission_create(round=round_, cluster=world.provincial_cluster, by=world.nanjing_body)
    with translation.override("en"), pytest.raises(Refusal) as refused:
        services.submission_create(round=round_, cluster=world.shenzhen_cluster, by=world.shenzhen_body)
    assert "Guangdong has no place left in its quota of 0" in refused.value.message


def test_an_ineligible_entry_does_not_count_against_the_quota(world):
    competition, round_ = make_competition(by=world.ministry, name="不合格不占额竞赛", province_quota=1)
    wuxi = fill(services.submission_create(round=round_, cluster=world.wuxi_cluster, by=None), by=None)
    services.submission_submit(submission=wuxi, by=None)
    services.submission_endorse(submission=wuxi, by=world.jiangsu)
    with pytest.raises(Refusal):
        services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body)
    lifecycle.submission_mark_ineligible(submission=wuxi, by=world.ministry, reason="佐证材料缺失")
    assert services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body).pk


def test_the_entry_rules_are_validated(world, client_for):
    client = client_for(world.ministry)
    before = Competition.objects.count()
    response = client.post(
        reverse("api:competition-list"),
        {"year": 2025, "name": "规则校验竞赛", "entry_tiers": [], "province_quotas": {"320100": 2, "999999": 1}},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["entry_tiers"] == ["Choose at least one tier that may enter."]
    assert fields["province_quotas"] == [
        "320100 is not the code of a province.",
        "999999 is not the code of a province.",
    ]
    assert Competition.objects.count() == before
    response = client.post(
        reverse("api:competition-list"),
        {
            "year": 2025,
            "name": "规则竞赛",
            "entry_tiers": ["provincial", "cultivating"],
            "province_quota": 3,
            "province_quotas": {"320000": 5},
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["entry_tiers"] == ["cultivating", "provincial"]
    pk = response.json()["id"]
    patched = client.patch(reverse("api:competition-detail", args=[pk]), {"province_quota": None}, format="json")
    assert patched.json()["province_quota"] is None and patched.json()["province_quotas"] == {"320000": 5}


def test_the_ministry_sets_the_rules_in_the_form_and_everyone_reads_them(world, page_client_for):
    competition, _round = make_competition(by=world.ministry, name="表单规则竞赛")
    page = page_client_for(world.ministry)
    response = page.post(
        reverse("competition-edit", args=[competition.pk]),
        {
            "year": 2024,
            "name": competition.name,
            "endorsement_level": "province",
            "fields": ["high_end_equipment", "ngit"],
            "entry_tiers": ["cultivating", "provincial"],
            "province_quota": "2",
            "province_quotas": "江苏省: 4\n440000：1",
        },
    )
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.entry_tiers == ["cultivating", "provincial"]
    assert (competition.province_quota, competition.province_quotas) == (2, {"320000": 4, "440000": 1})
    form = page.get(reverse("competition-edit", args=[competition.pk])).content.decode()
    assert "江苏省: 4" in form
    bad = page.post(
        reverse("competition-edit", args=[competition.pk]),
        {"year": 2024, "name": competition.name, "endorsement_level": "province", "entry_tiers": ["national"]}
        | {"province_quotas": "火星: 3"},
        **EN,
    )
    assert bad.status_code == 400 and "name a province" in bad.content.decode()
    competition.refresh_from_db()
    assert competition.entry_tiers == ["cultivating", "provincial"]
    shown = page_client_for(world.nanjing_body).get(reverse("competition-detail", args=[competition.pk]), **EN)
    text = shown.content.decode()
    assert "Who may enter" in text and "Cultivating、Provincial" in text
    assert "at most 2 entries per province; Jiangsu: 4, Guangdong: 1" in text


# Rounds chain: a later round is never entered afresh ---------------------------------------------------------------


def test_a_later_round_cannot_be_entered_directly(world, client_for, page_client_for):
    _competition, _first, second = two_rounds(world)
    before = rows()
    with pytest.raises(Refusal) as refused:
        services.submission_create(round=second, cluster=world.nanjing_cluster, by=world.nanjing_body)
    assert refused.value.code == "carry_over_only"
    response = client_for(world.nanjing_body).post(
        reverse("api:entry-list"), {"round": second.pk, "cluster": world.nanjing_cluster.pk}, **EN
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "综合赛 is open only to the entries that advanced from 小组赛: such an entry is carried over from its entry "
        "in 小组赛, not started afresh."
    )
    assert rows() == before
    # The start page offers first rounds only.
    start = page_client_for(world.nanjing_body).get(reverse("entry-add")).content.decode()
    assert f'value="{second.pk}"' not in start


# The formal check --------------------------------------------------------------------------------------------------


def test_the_formal_check_declares_an_entry_ineligible_with_its_reason(world, client_for, page_client_for):
    wuxi = entries(world)["endorsed:wuxi"]
    client = client_for(world.ministry)
    before = rows()
    refused = client.post(reverse("api:entry-ineligible", args=[wuxi.pk]), {"reason": "  "}, **EN)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["reason"]
    assert rows() == before
    response = client.post(
        reverse("api:entry-ineligible", args=[wuxi.pk]), {"reason": "申报主体不是集群促进机构。"}, **EN
    )
    assert response.status_code == 200
    assert response.json()["status"] == "ineligible"
    assert response.json()["status_reason"] == "申报主体不是集群促进机构。"
    assert actions(wuxi)[-1] == "ineligible"
    event = SubmissionEvent.objects.get(submission=wuxi, action="ineligible")
    assert (event.from_status, event.to_status, event.comment) == (
        "endorsed",
        "ineligible",
        "申报主体不是集群促进机构。",
    )
    history = client.get(reverse("api:entry-history", args=[wuxi.pk]), **EN).json()
    assert history[0]["user"] == "t-ministry"
    assert history[0]["reason"] == "Declared ineligible: 申报主体不是集群促进机构。"
    assert notified("entries.ineligible") == ["t-jiangsu", "t-wuxi-iot"]
    page = page_client_for(world.jiangsu).get(reverse("notification-list"), **EN).content.decode()
    assert "ineligible (formal check failed): 申报主体不是集群促进机构。" in page
    detail = page_client_for(world.ministry).get(reverse("entry-detail", args=[wuxi.pk]), **EN).content.decode()
    assert "failed the ministry's formal check" in detail and "申报主体不是集群促进机构。" in detail
    # Once decided, neither eligible nor ineligible again.
    again = client.post(reverse("api:entry-eligible", args=[wuxi.pk]), {}, **EN)
    assert again.status_code == 409 and fresh(wuxi).status == "ineligible"


def test_only_an_endorsed_entry_is_declared_ineligible(world, client_for):
    shenzhen = entries(world)["submitted:shenzhen"]
    before = rows()
    response = client_for(world.ministry).post(
        reverse("api:entry-ineligible", args=[shenzhen.pk]), {"reason": "材料不全"}, **EN
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Only an endorsed entry can be declared ineligible; this one is Submitted."
    )
    assert rows() == before


def test_the_formal_check_pages(world, page_client_for):
    wuxi = entries(world)["endorsed:wuxi"]
    page = page_client_for(world.ministry)
    detail = page.get(reverse("entry-detail", args=[wuxi.pk])).content.decode()
    assert reverse("entry-ineligible", args=[wuxi.pk]) in detail
    assert reverse("entry-eligible", args=[wuxi.pk]) in detail
    empty = page.post(reverse("entry-ineligible", args=[wuxi.pk]), {"reason": ""})
    assert empty.status_code == 400 and fresh(wuxi).status == "endorsed"
    done = page.post(reverse("entry-ineligible", args=[wuxi.pk]), {"reason": "不符合申报条件"})
    assert done.status_code == 302 and fresh(wuxi).status == "ineligible"
    assert page.get(reverse("entry-ineligible", args=[wuxi.pk])).status_code == 302  # refused: back to the entry


# Withdrawal --------------------------------------------------------------------------------------------------------


def test_the_entrant_withdraws_before_the_deadline(world, client_for, page_client_for):
    cross = entries(world)["submitted:cross"]
    page = page_client_for(world.shenzhen_body)
    detail = page.get(reverse("entry-detail", args=[cross.pk])).content.decode()
    assert reverse("entry-withdraw", args=[cross.pk]) in detail
    confirm = page.get(reverse("entry-withdraw", args=[cross.pk]), **EN).content.decode()
    assert (
        f"Withdraw the entry of {world.cross_cluster.name_en}?" in confirm
        and "leaves the competition for good" in confirm
    )
    assert fresh(cross).status == "submitted"  # the confirmation changed nothing
    response = page.post(reverse("entry-withdraw", args=[cross.pk]), {"reason": "集群调整申报方向"})
    assert response.status_code == 302
    cross = fresh(cross)
    assert (cross.status, cross.status_reason) == ("withdrawn", "集群调整申报方向")
    assert set(Endorsement.objects.filter(submission=cross).values_list("decision", flat=True)) == {"withdrawn"}
    event = SubmissionEvent.objects.get(submission=cross, action="withdrawn")
    assert (event.from_status, event.actor, event.comment) == ("submitted", world.shenzhen_body, "集群调整申报方向")
    assert notified("entries.withdrawn") == ["t-guangdong", "t-jiangsu", "t-shenzhen-ict"]
    # Nothing more to do with it: no edit, no submission, no endorsement, no second withdrawal.
    before = rows()
    for attempt in (
        lambda: services.submission_submit(submission=cross, by=world.shenzhen_body),
        lambda: services.submission_endorse(submission=cross, by=world.jiangsu),
        lambda: lifecycle.submission_withdraw(submission=cross, by=world.shenzhen_body),
    ):
        with pytest.raises(Refusal):
            attempt()
    assert client_for(world.shenzhen_body).post(reverse("api:entry-withdraw", args=[cross.pk])).status_code == 409
    assert rows() == before


def test_a_draft_is_withdrawn_without_a_reason_through_the_api(world, client_for):
    nanjing = entries(world)["draft:nanjing"]
    response = client_for(world.nanjing_body).post(reverse("api:entry-withdraw", args=[nanjing.pk]), {})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("withdrawn", "")
    assert notified("entries.withdrawn") == ["t-nanjing-grid"]  # no government was asked yet


def test_no_withdrawal_after_the_deadline(world, client_for):
    cross = entries(world)["submitted:cross"]
    before = rows()
    with pytest.raises(Refusal) as refused:
        lifecycle.submission_withdraw(submission=cross, by=world.shenzhen_body, now=cross.round.submission_closes)
    assert refused.value.code == "frozen"
    Round.objects.filter(pk=cross.round_id).update(submission_closes=timezone.now() - timedelta(minutes=1))
    response = client_for(world.shenzhen_body).post(reverse("api:entry-withdraw", args=[cross.pk]), **EN)
    assert response.status_code == 409
    assert "can no longer be withdrawn" in response.json()["error"]["message"]
    Round.objects.filter(pk=cross.round_id).update(submission_closes=cross.round.submission_closes)
    assert rows() == before


def test_only_the_promotion_body_withdraws(world, client_for):
    cross = entries(world)["submitted:cross"]
    assert client_for(world.jiangsu).post(reverse("api:entry-withdraw", args=[cross.pk])).status_code == 403
    assert client_for(world.nanjing_body).post(reverse("api:entry-withdraw", args=[cross.pk])).status_code == 404
    assert fresh(cross).status == "submitted"


# Out of the competition: neither assigned nor ranked ---------------------------------------------------------------


def test_ineligible_and_withdrawn_entries_are_neither_assigned_nor_ranked(world):
    from evaluations.runs import services as run_services

    competition, round_ = make_competition(by=world.ministry, name="排除竞赛")
    expert = ExpertProfileFactory(is_eligible=True)
    made = {}
    for name, cluster, body, government in (
        ("kept", world.nanjing_cluster, world.nanjing_body, world.jiangsu),
        ("refused", world.wuxi_cluster, None, world.jiangsu),
        ("withdrawn", world.shenzhen_cluster, world.shenzhen_body, world.guangdong),
    ):
        submission = fill(services.submission_create(round=round_, cluster=cluster, by=body), by=body)
        services.submission_submit(submission=submission, by=body)
        services.submission_endorse(submission=submission, by=government)
        made[name] = submission
    services.submission_mark_eligible(submission=made["kept"], by=world.ministry)
    services.submission_mark_eligible(submission=made["withdrawn"], by=world.ministry)
    review_services.assignment_add(submission=made["withdrawn"], expert=expert, by=world.ministry)
    lifecycle.submission_mark_ineligible(submission=made["refused"], by=world.ministry, reason="不符合条件")
    lifecycle.submission_withdraw(submission=made["withdrawn"], by=world.shenzhen_body, reason="退出")
    # The withdrawn entry's open assignment ended with it.
    assert list(Assignment.objects.filter(submission=made["withdrawn"]).values_list("status", "recusal_reason")) == [
        ("recused", "参赛材料已撤回。")
    ]
    from evaluations.review.selectors import round_review_progress

    assert {entry.pk for entry in round_review_progress(round=round_)} == {made["kept"].pk}
    summary = review_services.assign_automatically(round=round_, by=world.ministry)
    assert summary["entries"] == 1
    assigned = set(Assignment.objects.filter(status="assigned").values_list("submission_id", flat=True))
    assert assigned == {made["kept"].pk}
    for name in ("refused", "withdrawn"):
        with pytest.raises(Refusal):
            review_services.assignment_add(submission=made[name], expert=expert, by=world.ministry)
    # Only the kept entry is short of reviews: the refusal lists it alone.
    with pytest.raises(Refusal) as refused:
        run_services.run_start(round=round_, by=world.ministry)
    assert [row["entry"] for row in refused.value.details["entries"]] == [made["kept"].pk]
    reason = "评审尚未全部完成，专家组同意先行试算本轮排名，供下次会议讨论。"
    run = run_services.run_start(round=round_, by=world.ministry, override_reason=reason)
    from evaluations.runs.execution import execute_run

    execute_run(run.pk)
    assert set(run.results.values_list("submission_id", flat=True)) == {made["kept"].pk}


# Parent re-checks: the actor must still be entitled to the entry's cluster -----------------------------------------


def test_a_body_that_no_longer_promotes_the_cluster_is_refused_on_every_write(world):
    nanjing = entries(world)["draft:nanjing"]
    stale = fresh(nanjing)  # the page or request had it before the ministry moved the cluster
    criterion = Criterion.objects.get(round=nanjing.round, kind="indicator")
    Cluster.objects.filter(pk=world.nanjing_cluster.pk).update(promotion_body=world.orgs["wuxi_body"])
    before = rows()
    for attempt in (
        lambda: services.submission_save_draft(
            submission=stale, sections={"overview": "改"}, revision=stale.revision, by=world.nanjing_body
        ),
        lambda: services.claimed_value_set(submission=stale, criterion=criterion, value=1, by=world.nanjing_body),
        lambda: services.submission_submit(submission=stale, by=world.nanjing_body),
        lambda: lifecycle.submission_withdraw(submission=stale, by=world.nanjing_body),
        lambda: lifecycle.submission_carry_over(submission=stale, by=world.nanjing_body),
        lambda: services.submission_create(
            round=nanjing.round, cluster=world.provincial_cluster, by=world.shenzhen_body
        ),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert rows() == before


def test_a_government_that_no_longer_governs_the_cluster_is_refused(world):
    cross = entries(world)["submitted:cross"]
    ClusterRegion.objects.filter(cluster=world.cross_cluster, region_id="440300").delete()
    before = rows()
    with pytest.raises(PermissionDenied):
        services.submission_endorse(submission=cross, by=world.guangdong)
    with pytest.raises(PermissionDenied):
        services.submission_return(submission=cross, by=world.guangdong, comment="请补充")
    assert rows() == before
    services.submission_endorse(submission=cross, by=world.jiangsu)  # Jiangsu still governs Suzhou
    assert Endorsement.objects.get(submission=cross, organisation__slug="t-jiangsu").decision == "endorsed"


def test_a_viewer_of_the_body_cannot_write(world):
    nanjing = entries(world)["draft:nanjing"]
    before = rows()
    with pytest.raises(PermissionDenied):
        services.submission_save_draft(
            submission=nanjing, sections={"overview": "改"}, revision=fresh(nanjing).revision, by=world.nanjing_viewer
        )
    with pytest.raises(PermissionDenied):
        services.submission_create(round=nanjing.round, cluster=world.provincial_cluster, by=world.nanjing_viewer)
    assert rows() == before


def test_a_new_cluster_of_another_body_is_not_entered(world):
    _competition, round_ = make_competition(by=world.ministry, name="他人集群竞赛")
    other = ClusterFactory(name="他人的集群", promotion_body=world.orgs["wuxi_body"], region_codes=["320200"])
    with pytest.raises(PermissionDenied):
        services.submission_create(round=round_, cluster=other, by=world.nanjing_body)
    assert not Submission.objects.filter(round=round_).exists()


def test_the_reason_is_bounded(world):
    wuxi = entries(world)["endorsed:wuxi"]
    with pytest.raises(ValidationError):
        lifecycle.submission_mark_ineligible(submission=wuxi, by=world.ministry, reason="长" * 4001)
    assert fresh(wuxi).status == "endorsed"
