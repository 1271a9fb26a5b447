"""Deadline reminders (issue 12, item 6): each kind fires at its time to the people whose work is not done, links to
the page of the work, and a second run sends nothing new."""

import datetime
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from clusters.models import Indicator, Observation
from evaluations.models import Competition, Review, Submission
from tenancy.mail.reminders import reminders_send, step_before
from tenancy.mail.services import mail_preference_update
from tenancy.models import Notification, OutgoingMail, Reminder
from tenancy.tasks import reminders_daily

from .builders.plans import make_plan
from .conftest import count_queries
from .factories import (
    AssignmentFactory,
    ClusterFactory,
    ObservationFactory,
    PublicNoticeFactory,
    ReviewFactory,
    RoundFactory,
    SubmissionFactory,
    TrackFactory,
)

SHANGHAI = datetime.timezone(timedelta(hours=8))
CLOSES = datetime.datetime(2024, 4, 30, 17, 0, tzinfo=SHANGHAI)
REVIEW_CLOSES = datetime.datetime(2024, 6, 10, 17, 0, tzinfo=SHANGHAI)


def send(now, capture):
    with capture(execute=True):
        return reminders_send(now=now)


def reminded(kind=None):
    rows = Reminder.objects.all() if kind is None else Reminder.objects.filter(kind=kind)
    return sorted((row.user.username, row.step) for row in rows)


@pytest.fixture
def competition_round(world):
    """A published competition's first round of the high-end equipment track: submission closes 30 April 17:00,
    review 10 June 17:00 (Beijing time). Nanjing's entry is a draft, Shenzhen's cross-region entry is submitted."""
    round_ = RoundFactory(
        competition__status=Competition.Status.PUBLISHED,
        competition__name="2024年先进制造业集群竞赛",
        competition__name_en="2024 Advanced Manufacturing Cluster Competition",
        name="初赛",
        name_en="First round",
        submission_opens=CLOSES - timedelta(days=60),
        submission_closes=CLOSES,
        review_opens=REVIEW_CLOSES - timedelta(days=30),
        review_closes=REVIEW_CLOSES,
    )
    track = TrackFactory(competition=round_.competition, field_id="high_end_equipment")
    world.provincial_cluster.field_id = "high_end_equipment"
    world.provincial_cluster.save(update_fields=["field"])
    draft = SubmissionFactory(round=round_, track=track, cluster=world.nanjing_cluster)
    submitted = SubmissionFactory(
        round=round_, track=track, cluster=world.cross_cluster, status=Submission.Status.SUBMITTED
    )
    return round_, draft, submitted


def test_steps_are_seven_days_and_one_day_before_the_deadline():
    assert step_before(CLOSES, CLOSES - timedelta(days=8)) is None
    assert step_before(CLOSES, CLOSES - timedelta(days=7)) == "7d"
    assert step_before(CLOSES, CLOSES - timedelta(days=2)) == "7d"
    assert step_before(CLOSES, CLOSES - timedelta(hours=23)) == "1d"
    assert step_before(CLOSES, CLOSES) is None


# Submission window ----------------------------------------------------------------------------------------------------


def test_submission_reminders_go_to_bodies_with_a_draft_or_no_entry(world, competition_round, capture):
    round_, draft, submitted = competition_round
    send(CLOSES - timedelta(days=6), capture)

    # Nanjing's draft: both its members; its provincial cluster may enter and has no entry yet.
    provincial, nanjing = world.provincial_cluster.pk, world.nanjing_cluster.pk
    assert reminded("reminders.entry_draft") == [
        ("t-nanjing", f"submission-7d:{nanjing}"),
        ("t-nanjing-viewer", f"submission-7d:{nanjing}"),
    ]
    assert reminded("reminders.entry_missing") == [
        ("t-nanjing", f"submission-7d:{provincial}"),
        ("t-nanjing-viewer", f"submission-7d:{provincial}"),
    ]
    # Shenzhen submitted its entry: nothing; national-tier clusters may not enter: nothing.
    assert not Reminder.objects.filter(user=world.shenzhen_body).exists()
    reminder = Reminder.objects.get(user=world.nanjing_body, kind="reminders.entry_draft")
    assert reminder.link == reverse("entry-detail", args=[draft.pk])
    assert reminder.deadline == CLOSES
    assert str(reminder) == (
        "2024年先进制造业集群竞赛 · 初赛的申报将于 2024-04-30 17:00 截止，南京智能电网测试集群的参赛申报尚未提交。"
        "请在截止前完善并提交。"
    )


def test_a_second_run_sends_nothing_new_and_the_one_day_step_sends_again(world, competition_round, capture):
    assert send(CLOSES - timedelta(days=6), capture) == 4
    sent = len(django_mail.outbox)
    assert sent == 4 and OutgoingMail.objects.filter(kind__startswith="reminders.", status="sent").count() == 4

    assert send(CLOSES - timedelta(days=6), capture) == 0
    assert send(CLOSES - timedelta(days=5), capture) == 0
    assert len(django_mail.outbox) == sent
    assert Notification.objects.filter(kind="reminders.entry_draft").count() == 1  # one per organisation and step

    assert send(CLOSES - timedelta(hours=20), capture) == 4
    assert {row.step.split(":")[0] for row in Reminder.objects.all()} == {"submission-7d", "submission-1d"}
    assert send(CLOSES + timedelta(hours=1), capture) == 0


def test_a_submitted_entry_is_not_reminded_of(world, competition_round, capture):
    round_, draft, submitted = competition_round
    Submission.objects.filter(pk=draft.pk).update(status=Submission.Status.SUBMITTED)
    send(CLOSES - timedelta(days=6), capture)
    assert reminded("reminders.entry_draft") == []


def test_the_reminder_mail_links_to_the_work_in_the_persons_language(world, competition_round, capture):
    round_, draft, submitted = competition_round
    mail_preference_update(user=world.nanjing_viewer, language="en", mailed={"reminders.entry_draft"})
    send(CLOSES - timedelta(days=6), capture)

    english = OutgoingMail.objects.get(user=world.nanjing_viewer)
    assert (
        english.subject
        == "[Advanced Manufacturing Cluster Platform] Reminder: submission deadline, entry not submitted"
    )
    assert (
        "The submission window of 2024 Advanced Manufacturing Cluster Competition · First round closes on "
        f"2024-04-30 17:00, and the entry of {world.nanjing_cluster.name_en} is not submitted yet." in english.body
    )
    assert f"https://clusters.example.cn/entries/{draft.pk}/" in english.body
    # The viewer turned the other reminder off: reminded (history) but not mailed.
    missing = Reminder.objects.get(user=world.nanjing_viewer, kind="reminders.entry_missing")
    assert missing.mail is None
    chinese = OutgoingMail.objects.get(user=world.nanjing_body, kind="reminders.entry_draft")
    assert "申报将于 2024-04-30 17:00 截止" in chinese.body and chinese.language == "zh-hans"


# Review window --------------------------------------------------------------------------------------------------------


def test_review_reminders_go_to_experts_with_unsubmitted_reviews(world, competition_round, capture):
    round_, draft, submitted = competition_round
    done = AssignmentFactory(submission=submitted, expert__user__username="t-expert-done")
    ReviewFactory(assignment=done, status=Review.Status.SUBMITTED)
    AssignmentFactory(submission=submitted, expert=world.expert.expert_profile)
    ReviewFactory(assignment=AssignmentFactory(submission=draft, expert=world.expert.expert_profile))

    send(REVIEW_CLOSES - timedelta(days=3), capture)

    assert reminded("reminders.review_open") == [("t-expert", "review-7d")]
    reminder = Reminder.objects.get(kind="reminders.review_open")
    assert reminder.organisation is None and reminder.params["count"] == 2
    assert reminder.link == reverse("my-assignments")
    assert [message.to for message in django_mail.outbox] == [[world.expert.email]]
    assert send(REVIEW_CLOSES - timedelta(days=2), capture) == 0


# Observation filing ---------------------------------------------------------------------------------------------------


def file_everything(cluster, year):
    for indicator in Indicator.objects.all():
        ObservationFactory(cluster=cluster, indicator=indicator, year=year, status=Observation.Status.SUBMITTED)


def test_observation_reminders_go_to_bodies_with_missing_values_copied_to_their_governments(world, capture):
    file_everything(world.nanjing_cluster, 2025)
    now = datetime.datetime(2026, 2, 25, 8, 0, tzinfo=SHANGHAI)
    send(now, capture)

    rows = Reminder.objects.filter(kind="reminders.observations_missing")
    by_cluster = {}
    for row in rows:
        by_cluster.setdefault(int(row.step.split(":")[1]), set()).add(row.user.username)
    # Nanjing filed every indicator for 2025; Wuxi (no members in the cast) is copied to Jiangsu; Shenzhen's two
    # national clusters go to its body and Guangdong, the cross-region one also to Jiangsu. The provincial-tier
    # cluster is not monitored.
    assert by_cluster == {
        world.wuxi_cluster.pk: {"t-jiangsu"},
        world.shenzhen_cluster.pk: {"t-shenzhen", "t-guangdong"},
        world.cross_cluster.pk: {"t-shenzhen", "t-guangdong", "t-jiangsu"},
    }
    row = rows.get(user=world.shenzhen_body, step__endswith=f":{world.shenzhen_cluster.pk}")
    assert row.step.startswith("filing-7d") and row.subject_id == 2025
    assert row.link == reverse("cluster-indicators", args=[world.shenzhen_cluster.pk])
    total = Indicator.objects.count()
    assert row.params["missing"] == total and row.params["total"] == total
    assert send(now, capture) == 0


def test_no_observation_reminder_outside_the_week_before_28_february(world, capture):
    send(datetime.datetime(2026, 2, 20, 8, 0, tzinfo=SHANGHAI), capture)
    send(datetime.datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI), capture)
    assert not Reminder.objects.filter(kind="reminders.observations_missing").exists()


def test_a_draft_observation_is_still_missing(world, capture):
    cluster = ClusterFactory(promotion_body=world.orgs["nanjing_body"], region_codes=["320100"])
    file_everything(cluster, 2025)
    Observation.objects.filter(cluster=cluster).filter(
        pk=Observation.objects.filter(cluster=cluster).first().pk
    ).update(status=Observation.Status.DRAFT)
    send(datetime.datetime(2026, 2, 27, 8, 0, tzinfo=SHANGHAI), capture)
    row = Reminder.objects.filter(step=f"filing-7d:{cluster.pk}", user=world.nanjing_body).first()
    assert row is not None and row.params["missing"] == 1


# Public notice --------------------------------------------------------------------------------------------------------


def test_a_public_notice_closing_reminds_the_ministry_the_day_before(world, capture):
    closes = datetime.datetime(2024, 7, 6, 17, 0, tzinfo=SHANGHAI)
    notice = PublicNoticeFactory(status="open", opens=closes - timedelta(days=5), closes=closes, title="初赛结果公示")
    PublicNoticeFactory(status="closed", opens=closes - timedelta(days=5), closes=closes)

    send(closes - timedelta(days=2), capture)
    assert reminded("reminders.notice_closing") == []
    send(closes - timedelta(hours=12), capture)
    assert reminded("reminders.notice_closing") == [("t-ministry", "closing-1d")]
    reminder = Reminder.objects.get(kind="reminders.notice_closing")
    assert reminder.link == reverse("notice-detail", args=[notice.pk])
    assert "公示“初赛结果公示”将于 2024-07-06 17:00 结束" in str(reminder)


# Returned plans -------------------------------------------------------------------------------------------------------


def test_a_plan_returned_14_days_ago_and_not_resubmitted_reminds_its_owners(world, capture):
    returned = make_plan(world, state="returned")
    resubmitted = make_plan(world, cluster="wuxi_cluster", state="resubmitted")
    returned_at = returned.transitions.get(action="return").at

    send(returned_at + timedelta(days=13), capture)
    assert reminded("reminders.plan_returned") == []

    send(returned_at + timedelta(days=15), capture)
    assert reminded("reminders.plan_returned") == [("t-jiangsu", "14d")]
    reminder = Reminder.objects.get(kind="reminders.plan_returned")
    assert reminder.link == reverse("plan-edit", args=[returned.pk])
    assert reminder.subject_type == "plan-return" and resubmitted.status == "submitted"
    assert send(returned_at + timedelta(days=16), capture) == 0


# Beat -----------------------------------------------------------------------------------------------------------------


def test_beat_runs_the_reminders_daily_at_eight(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-daily"]
    assert entry["task"] == "tenancy.reminders_daily"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}


def test_the_daily_task_sends_the_reminders_due(world, competition_round, capture):
    with capture(execute=True):
        result = reminders_daily.apply(kwargs={"now": (CLOSES - timedelta(days=6)).isoformat()})
    assert result.get() == 4
    assert len(django_mail.outbox) == 4


# Reminder history -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees",
    [
        ("ministry", {"t-nanjing", "t-nanjing-viewer"}),
        ("nanjing_body", {"t-nanjing"}),
        ("nanjing_viewer", {"t-nanjing-viewer"}),
        ("shenzhen_body", set()),
        ("expert", set()),
    ],
)
def test_reminder_history_shows_the_ministry_all_and_others_their_own(
    world, competition_round, capture, page_client_for, role, sees
):
    send(CLOSES - timedelta(days=6), capture)
    response = page_client_for(world.user(role)).get(reverse("reminder-list"))
    assert response.status_code == 200
    listed = set(response.context["page"].object_list.values_list("user__username", flat=True))
    assert listed == sees


def grow_reminders(world, n, start=[0]):  # noqa: B006 - a counter across calls
    for _ in range(n):
        start[0] += 1
        Reminder.objects.create(
            user=world.nanjing_body,
            organisation=world.orgs["nanjing_body"],
            subject_type="round",
            subject_id=start[0],
            step="submission-7d",
            kind="reminders.entry_draft",
            params={"round": "初赛", "cluster": "南京", "closes": "2024-04-30 17:00"},
            link="/entries/1/",
            deadline=CLOSES,
        )


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_reminder_history_query_count_does_not_grow_with_rows(world, page_client_for, role):
    client = page_client_for(world.user(role))
    grow_reminders(world, 1)
    client.get(reverse("reminder-list"))
    few = count_queries(lambda: client.get(reverse("reminder-list")))
    grow_reminders(world, 30)
    many = count_queries(lambda: client.get(reverse("reminder-list")))
    assert few == many


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.mark.parametrize("role, count", [("ministry", 4), ("nanjing_viewer", 2), ("shenzhen_body", 0)])
def test_the_reminder_api_lists_the_ministry_all_and_others_their_own(
    world, competition_round, capture, client_for, role, count
):
    send(CLOSES - timedelta(days=6), capture)
    client = client_for(world.user(role))
    client.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="en")
    rows = client.get(reverse("api:reminder-list")).json()["results"]
    assert len(rows) == count
    for row in rows:
        assert row["mail_status"] == "sent" and row["message"].startswith("The submission window of 2024 Advanced")
        if role != "ministry":
            assert row["user"] == world.user(role).username


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_reminder_api_query_count_does_not_grow_with_rows(world, client_for, role):
    client = client_for(world.user(role))
    grow_reminders(world, 1)
    client.get(reverse("api:reminder-list"))
    few = count_queries(lambda: client.get(reverse("api:reminder-list")))
    grow_reminders(world, 30)
    many = count_queries(lambda: client.get(reverse("api:reminder-list")))
    assert few == many
