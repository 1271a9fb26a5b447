"""The exports of the lists that gained one (the outbox, the reminder history, the onboarding history, a cluster's
network runs, a round's assignments, an entry's reviews, the score trails, a run's ranking, a monitoring
evaluation's results): each file holds what the requester's page shows, for the page's filters and sort."""

import datetime
from decimal import Decimal

import pytest

from tenancy.models import OutgoingMail

from .builders.exports import exported
from .factories import (
    AssignmentFactory,
    ClusterFactory,
    CriterionFactory,
    EvaluationRunFactory,
    ExpertProfileFactory,
    MonitoringEvaluationFactory,
    MonitoringResultFactory,
    NetworkAnalysisFactory,
    OnboardingImportFactory,
    OutgoingMailFactory,
    ReminderFactory,
    ResultFactory,
    ReviewChangeFactory,
    ReviewFactory,
    ReviewScoreFactory,
    SubmissionFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def day(number):
    return datetime.datetime(2031, 3, number, 9, 0, tzinfo=datetime.UTC)


def test_the_outbox_export_holds_the_filtered_mail_in_the_pages_sort_with_kinds_named(world, page_client_for):
    for subject, attempts in (("Export B", 2), ("Export A", 3)):
        OutgoingMailFactory(
            subject=subject,
            kind="plans.returned",
            attempts=attempts,
            status=OutgoingMail.Status.SENT,
            organisation=world.orgs["nanjing_body"],
        )
    OutgoingMailFactory(subject="Other", status=OutgoingMail.Status.FAILED)
    rows = exported(page_client_for(world.ministry), "tenancy.outbox", query="status=sent&sort=subject", language="en")
    assert rows[0] == ["Created", "To", "Organisation", "Subject", "Kind", "Status", "Attempts"]
    assert [row[3:] for row in rows[1:]] == [
        ["Export A", "Cultivation plan returned", "Sent", "3"],
        ["Export B", "Cultivation plan returned", "Sent", "2"],
    ]
    assert rows[1][2] == str(world.orgs["nanjing_body"])
    response = page_client_for(world.nanjing_viewer).post(
        "/exports/new/", {"key": "tenancy.outbox", "file_format": "csv"}
    )
    assert response.status_code == 403  # not an administrator


def test_the_reminder_export_holds_a_persons_own_reminders_without_a_recipient_column(world, page_client_for):
    ReminderFactory(user=world.nanjing_viewer, kind="reminders.entry_draft", deadline=day(9))
    ReminderFactory(user=world.nanjing_body, kind="reminders.entry_draft", deadline=day(8))
    own = exported(page_client_for(world.nanjing_viewer), "tenancy.reminders", language="en")
    assert own[0] == ["Sent", "Reminder", "Deadline", "Mail"]
    assert len(own) == 2 and own[1][2] == "2031-03-09 17:00"
    every = exported(page_client_for(world.ministry), "tenancy.reminders", query="sort=to", language="en")
    assert every[0] == ["Sent", "To", "Organisation", "Reminder", "Deadline", "Mail"]
    assert [row[1] for row in every[1:]] == sorted([world.nanjing_body.username, world.nanjing_viewer.username])


def test_the_onboarding_export_lists_the_files_in_the_pages_sort(world, page_client_for):
    for name, rows in (("b.csv", 5), ("a.csv", 9)):
        OnboardingImportFactory(
            organisation=world.orgs["ministry"], original_name=name, rows=rows, created_by=world.ministry
        )
    rows = exported(page_client_for(world.ministry), "tenancy.onboarding", query="sort=file", language="en")
    assert rows[0] == ["Uploaded", "File", "Kind", "Mode", "Status", "Rows", "Created", "By"]
    assert [row[1:6] for row in rows[1:]] == [
        ["a.csv", "Organisations", "Dry run", "Queued", "9"],
        ["b.csv", "Organisations", "Dry run", "Queued", "5"],
    ]


def test_the_network_run_export_holds_the_clusters_runs(world, page_client_for):
    cluster = world.nanjing_cluster
    NetworkAnalysisFactory(
        cluster=cluster, year=2023, status="succeeded", nodes=12, edges=30, created_by=world.ministry
    )
    NetworkAnalysisFactory(cluster=world.shenzhen_cluster, year=2022, status="succeeded")
    rows = exported(page_client_for(world.ministry), "clusters.network_runs", target=cluster.pk, language="en")
    assert rows[0][:6] == ["Requested", "Year", "By", "Status", "Members", "Edges"]
    assert [row[1:6] for row in rows[1:]] == [["2023", world.ministry.username, "Succeeded", "12", "30"]]


def entry_with_reviews():
    submission = SubmissionFactory(
        status="eligible", submitted_at=day(1), cluster=ClusterFactory(name="Export Cluster", name_en="Export Cluster")
    )
    criterion = CriterionFactory(round=submission.round, name="Innovation", max_score=Decimal("40"))
    reviews = []
    for last, score, status in (("Zhao", "30", "submitted"), ("An", "12.5", "draft")):
        expert = ExpertProfileFactory(
            user=UserFactory(username=f"export-{last.lower()}", last_name=last, first_name="")
        )
        review = ReviewFactory(assignment=AssignmentFactory(submission=submission, expert=expert), status=status)
        ReviewScoreFactory(review=review, criterion=criterion, score=Decimal(score))
        ReviewChangeFactory(review=review, criterion=criterion, new_score=Decimal(score), created=day(2))
        reviews.append(review)
    return submission, reviews


def test_the_review_list_exports_hold_what_the_ministrys_pages_show(world, page_client_for):
    submission, (zhao, _an) = entry_with_reviews()
    ministry = page_client_for(world.ministry)
    progress = exported(ministry, "evaluations.round_assignments", target=submission.round_id, language="en")
    assert progress[0][:2] == ["Entry", "Code"] and progress[0][5:7] == ["Reviews submitted", "Experts assigned"]
    [row] = [row for row in progress[1:] if row[0] == "Export Cluster"]
    assert row[5:7] == ["1", "2"]
    reviews = exported(ministry, "evaluations.entry_reviews", target=submission.pk, query="sort=expert", language="en")
    assert reviews[0] == ["Expert", "Status", "Submitted", "Innovation / 40", "Comments"]
    assert [(row[1], row[3]) for row in reviews[1:]] == [("Draft", "12.50"), ("Submitted", "30.00")]
    trail = exported(ministry, "evaluations.entry_review_changes", target=submission.pk, language="en")
    assert trail[0] == ["When", "Changed by", "Expert", "Criterion", "Old", "New"]
    assert sorted(row[5] for row in trail[1:]) == ["12.50", "30.00"]
    one = exported(ministry, "evaluations.review_changes", target=zhao.pk, language="en")
    assert one[0] == ["When", "Changed by", "Criterion", "Old", "New"] and [row[4] for row in one[1:]] == ["30.00"]


def test_the_run_results_export_keeps_the_pages_track_and_sort(world, page_client_for):
    run = EvaluationRunFactory(status="succeeded")
    first = TrackFactory(competition=run.round.competition, field_id="high_end_equipment")
    second = TrackFactory(competition=run.round.competition, field_id="new_materials")
    for cluster, track, total in (("Run B", first, "70"), ("Run A", first, "80"), ("Run C", second, "90")):
        submission = SubmissionFactory(round=run.round, track=track, cluster=ClusterFactory(name=cluster))
        ResultFactory(run=run, submission=submission, total=Decimal(total))
    rows = exported(
        page_client_for(world.ministry), "evaluations.run_results", "xlsx", f"track={first.pk}&sort=cluster", run.pk
    )
    assert [row[2] for row in rows[1:]] == ["Run A", "Run B"]


def test_the_monitoring_results_export_keeps_the_pages_filters_and_sort(world, page_client_for):
    evaluation = MonitoringEvaluationFactory(status="succeeded")
    for name, grade, overall in (("Mon B", "B", "70"), ("Mon A", "B", "60"), ("Mon C", "A", "90")):
        MonitoringResultFactory(
            evaluation=evaluation,
            cluster=ClusterFactory(name=name, name_en=name),
            grade=grade,
            overall=Decimal(overall),
        )
    rows = exported(
        page_client_for(world.ministry),
        "monitoring.results",
        query="grade=B&sort=overall",
        target=evaluation.pk,
        language="en",
    )
    assert rows[0] == [
        "Cluster",
        "Industry field",
        "Grade",
        "Overall score",
        "Change from last year",
        "Recommendation",
        "Warnings",
    ]
    assert [(row[0], row[3]) for row in rows[1:]] == [("Mon A", "60.00"), ("Mon B", "70.00")]
