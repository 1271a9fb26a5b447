"""Rounds chain: which run says who advanced from a round, and the carry-over of an entry that advanced into the next
round (by its promotion body, or by the ministry for the whole round), with what is copied and every refusal."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from evaluations.entries import services
from evaluations.entries.admission import counting_run
from evaluations.models import (
    ClaimedValue,
    Criterion,
    EvaluationRun,
    PublicNotice,
    Round,
    Submission,
    SubmissionEvent,
)
from tenancy.models import Notification

from .builders.competitions import pdf
from .builders.lifecycle import add_run, eligible_entry, ranked, two_rounds

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def rows():
    return (
        list(Submission.objects.order_by("pk").values_list()),
        list(SubmissionEvent.objects.order_by("pk").values_list()),
        list(ClaimedValue.objects.order_by("pk").values_list()),
        Notification.objects.count(),
    )


def in_round(round_):
    return dict(
        Submission.objects.filter(round=round_).values_list("cluster__name", "carried_over_from__cluster__name")
    )


# Which run counts --------------------------------------------------------------------------------------------------


def test_the_run_that_counts_is_the_published_notices_else_the_latest_succeeded(world):
    data = ranked(world)
    first, run = data["first"], data["run"]
    entries = {name: data[name] for name in ("nanjing", "shenzhen", "wuxi")}
    assert counting_run(round=first) == run
    later = add_run(first, entries, advanced={"wuxi"}, by=world.ministry, finished=timezone.now() + timedelta(hours=1))
    EvaluationRun.objects.create(round=first, status=EvaluationRun.Status.FAILED, created_by=world.ministry)
    assert counting_run(round=first) == later  # no notice: the latest succeeded run
    PublicNotice.objects.create(run=later, title="草稿公示", status=PublicNotice.Status.DRAFT)
    PublicNotice.objects.create(run=run, title="公示", status=PublicNotice.Status.OPEN, opens=timezone.now())
    assert counting_run(round=first) == run  # a published notice's run wins over a later run; a draft does not count
    correction = add_run(first, entries, advanced={"shenzhen"}, by=world.ministry)
    PublicNotice.objects.create(
        run=correction, title="更正公示", status=PublicNotice.Status.FINAL, opens=timezone.now() + timedelta(days=1)
    )
    assert counting_run(round=first) == correction  # the latest published notice supersedes the first


# The entrant carries its entry over --------------------------------------------------------------------------------


def test_the_entrant_carries_over_an_entry_that_advanced(world, client_for):
    data = ranked(world)
    source, second = data["nanjing"], data["second"]
    response = client_for(world.nanjing_body).post(reverse("api:entry-carry-over", args=[source.pk]), **EN)
    assert response.status_code == 201
    body = response.json()
    entry = Submission.objects.get(pk=body["id"])
    assert (entry.round, entry.status, entry.carried_over_from, entry.cluster) == (
        second,
        "draft",
        source,
        world.nanjing_cluster,
    )
    assert body["carried_over_from"] == source.pk and body["round"] == second.pk
    assert entry.sections == source.sections and entry.sections["chain"] == "chain：集群的情况说明。"
    # Only the indicator both rubrics ask for (revenue) is copied, with its evidence; little giants is not in round 2.
    copied = list(ClaimedValue.objects.filter(submission=entry).select_related("criterion__indicator"))
    assert [(c.criterion.indicator.code, str(c.value), c.criterion.round_id) for c in copied] == [
        ("revenue", "1200.5000", second.pk)
    ]
    original = ClaimedValue.objects.get(submission=source, criterion__indicator__code="revenue")
    assert copied[0].evidence_sha256 == original.evidence_sha256 and copied[0].evidence_name == "evidence.pdf"
    assert copied[0].evidence.name != original.evidence.name
    assert copied[0].evidence.read() == original.evidence.read()
    assert [c["indicator"] for c in body["claimed_values"]] == ["revenue"]
    event = SubmissionEvent.objects.get(submission=entry)
    assert (event.action, event.actor, event.to_status) == ("carried_over", world.nanjing_body, "draft")
    assert event.comment == f"Advanced from 小组赛 (evaluation run #{data['run'].pk})."
    history = client_for(world.nanjing_body).get(reverse("api:entry-history", args=[entry.pk]), **EN).json()
    assert history[-1]["reason"] == "Carried over from 小组赛"
    assert list(Notification.objects.filter(kind="entries.carried_over").values_list("organisation__slug")) == [
        ("t-nanjing-grid",)
    ]
    # The entrant completes it (the new indicator, a new evidence file) and submits it; the source keeps its file.
    rd = Criterion.objects.get(round=second, indicator__code="rd_intensity")
    services.claimed_value_set(submission=entry, criterion=rd, value="3.2", evidence=pdf(), by=world.nanjing_body)
    services.claimed_value_set(
        submission=entry, criterion=copied[0].criterion, value="1300", evidence=pdf("new.pdf"), by=world.nanjing_body
    )
    services.submission_submit(submission=entry, by=world.nanjing_body)
    assert Submission.objects.get(pk=entry.pk).status == "submitted"
    original.evidence.open("rb")
    assert original.evidence.read().startswith(b"%PDF")
    # The source is unchanged.
    assert Submission.objects.get(pk=source.pk).status == "eligible"


def test_carry_over_refusals_change_nothing(world, client_for):
    data = ranked(world)
    body = client_for(world.nanjing_body)
    before = rows()
    not_advanced = client_for(world.ministry).post(reverse("api:entry-carry-over", args=[data["wuxi"].pk]), **EN)
    assert not_advanced.status_code == 403  # the ministry opens rounds, it does not carry one entry over
    wuxi = client_for(world.shenzhen_body).post(reverse("api:entry-carry-over", args=[data["wuxi"].pk]), **EN)
    assert wuxi.status_code == 404  # another body's entry
    assert client_for(world.jiangsu).post(reverse("api:entry-carry-over", args=[data["nanjing"].pk])).status_code == 403
    assert rows() == before
    from evaluations.entries import lifecycle

    with translation.override("en"):
        refused = lifecycle.carry_over_refusal(data["wuxi"], timezone.now())
    assert refused.code == "not_advanced" and "did not advance from 小组赛" in refused.message
    # Carried over once, not twice.
    assert body.post(reverse("api:entry-carry-over", args=[data["nanjing"].pk])).status_code == 201
    before = rows()
    again = body.post(reverse("api:entry-carry-over", args=[data["nanjing"].pk]), **EN)
    assert again.status_code == 409
    assert again.json()["error"] == {
        "status": 409,
        "code": "invalid_transition",
        "message": "南京智能电网测试集群 already has an entry in 综合赛.",
    }
    # The last round has no next round.
    entry = Submission.objects.get(round=data["second"], cluster=world.nanjing_cluster)
    last = body.post(reverse("api:entry-carry-over", args=[entry.pk]), **EN)
    assert last.status_code == 409 and "is the competition's last round" in last.json()["error"]["message"]
    assert rows() == before


def test_an_entry_that_did_not_advance_is_refused(world):
    data = ranked(world)
    from evaluations.entries import lifecycle
    from tenancy.errors import Refusal

    before = rows()
    try:
        lifecycle.submission_carry_over(submission=data["wuxi"], by=None)
    except Refusal as refused:
        assert refused.code == "not_advanced"
    else:
        raise AssertionError("carried over an entry that did not advance")
    assert rows() == before


def test_no_carry_over_before_a_run_or_after_the_deadline(world, client_for):
    _competition, first, second = two_rounds(world, name="未排名竞赛")
    entry = eligible_entry(
        first, world.nanjing_cluster, body=world.nanjing_body, government=world.jiangsu, ministry=world.ministry
    )
    body = client_for(world.nanjing_body)
    before = rows()
    response = body.post(reverse("api:entry-carry-over", args=[entry.pk]), **EN)
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "not_advanced",
        "message": "No evaluation run has ranked 小组赛 yet, so no entry has advanced from it.",
    }
    add_run(first, {"nanjing": entry}, advanced={"nanjing"}, by=world.ministry)
    Round.objects.filter(pk=second.pk).update(submission_closes=timezone.now() - timedelta(minutes=1))
    late = body.post(reverse("api:entry-carry-over", args=[entry.pk]), **EN)
    assert late.status_code == 409 and late.json()["error"]["code"] == "frozen"
    assert rows()[0] == before[0] and rows()[1] == before[1]


def test_the_entry_page_offers_the_carry_over_and_links_both_entries(world, page_client_for):
    data = ranked(world)
    page = page_client_for(world.nanjing_body)
    detail = page.get(reverse("entry-detail", args=[data["nanjing"].pk]), **EN).content.decode()
    assert reverse("entry-carry-over", args=[data["nanjing"].pk]) in detail
    confirm = page.get(reverse("entry-carry-over", args=[data["nanjing"].pk]), **EN).content.decode()
    assert "Carry the entry of" in confirm and "over into the next round?" in confirm
    assert not Submission.objects.filter(round=data["second"]).exists()
    response = page.post(reverse("entry-carry-over", args=[data["nanjing"].pk]), {"confirm": "True"})
    entry = Submission.objects.get(round=data["second"], cluster=world.nanjing_cluster)
    assert response.status_code == 302 and response["Location"] == reverse("entry-detail", args=[entry.pk])
    new_page = page.get(reverse("entry-detail", args=[entry.pk]), **EN).content.decode()
    assert "Carried over from the entry that advanced from Group round" in new_page
    assert reverse("entry-detail", args=[data["nanjing"].pk]) in new_page
    old_page = page.get(reverse("entry-detail", args=[data["nanjing"].pk]), **EN).content.decode()
    assert "Advanced and carried over into Final round" in old_page
    assert reverse("entry-carry-over", args=[data["nanjing"].pk]) not in old_page  # done: no button
    # Refused from the page: back to the entry with the reason.
    refused = page.post(reverse("entry-carry-over", args=[data["nanjing"].pk]), {"confirm": "True"})
    assert refused.status_code == 302 and Submission.objects.filter(round=data["second"]).count() == 1


# The ministry opens the round --------------------------------------------------------------------------------------


def test_the_ministry_carries_every_entry_that_advanced_over(world, client_for, page_client_for):
    data = ranked(world)
    second = data["second"]
    # The Nanjing body was first; the ministry carries the rest over.
    client_for(world.nanjing_body).post(reverse("api:entry-carry-over", args=[data["nanjing"].pk]))
    response = client_for(world.ministry).post(reverse("api:round-carry-over", args=[second.pk]))
    assert response.status_code == 200
    shenzhen = Submission.objects.get(round=second, cluster=world.shenzhen_cluster)
    assert response.json() == {"run": data["run"].pk, "advanced": 2, "created": [shenzhen.pk]}
    assert in_round(second) == {
        "南京智能电网测试集群": "南京智能电网测试集群",
        "深圳信息通信测试集群": "深圳信息通信测试集群",
    }
    assert SubmissionEvent.objects.get(submission=shenzhen).actor == world.ministry
    assert sorted(Notification.objects.filter(kind="entries.carried_over").values_list("organisation__slug")) == [
        ("t-nanjing-grid",),
        ("t-shenzhen-ict",),
    ]
    again = client_for(world.ministry).post(reverse("api:round-carry-over", args=[second.pk]))
    assert again.json()["created"] == []
    # The page: a confirmation, then the work and a message.
    page = page_client_for(world.ministry)
    detail = page.get(reverse("competition-detail", args=[second.competition_id]), **EN).content.decode()
    assert reverse("round-carry-over", args=[second.pk]) in detail
    assert reverse("round-carry-over", args=[data["first"].pk]) not in detail
    confirm = page.get(reverse("round-carry-over", args=[second.pk]), **EN).content.decode()
    assert f"evaluation run #{data['run'].pk}" in confirm
    done = page.post(reverse("round-carry-over", args=[second.pk]), follow=True, **EN)
    assert "0 entries that advanced were carried over into 综合赛." in done.content.decode()


def test_opening_a_round_is_refused_where_it_makes_no_sense(world, client_for):
    data = ranked(world)
    ministry = client_for(world.ministry)
    before = rows()
    first = ministry.post(reverse("api:round-carry-over", args=[data["first"].pk]), **EN)
    assert first.status_code == 409
    assert first.json()["error"]["message"] == "小组赛 is the competition's first round: clusters enter it themselves."
    assert client_for(world.nanjing_body).post(
        reverse("api:round-carry-over", args=[data["second"].pk])
    ).status_code == (403)
    Round.objects.filter(pk=data["second"].pk).update(submission_closes=timezone.now() - timedelta(minutes=1))
    late = ministry.post(reverse("api:round-carry-over", args=[data["second"].pk]), **EN)
    assert late.status_code == 409 and late.json()["error"]["code"] == "frozen"
    assert rows() == before
