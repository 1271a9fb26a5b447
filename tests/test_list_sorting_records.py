"""Sorting of the record lists (the outbox, the reminder history, the onboarding history, the organisation's
members, one's exports, a cluster's network runs): each declared sort orders hand-built rows with known values, in
both directions, and each page's query count holds for one row and for many."""

import datetime

import pytest
from django.urls import reverse

from clusters.network.tables import NETWORK_RUN_SORTS
from tenancy.exports.models import ExportJob
from tenancy.exports.tables import EXPORT_JOB_SORTS
from tenancy.mail.tables import MY_REMINDER_SORTS, OUTBOX_SORTS, REMINDER_SORTS
from tenancy.memberships.tables import MEMBERSHIP_SORTS
from tenancy.models import Membership, OnboardingImport, OutgoingMail, Reminder
from tenancy.onboarding.tables import ONBOARDING_SORTS

from .builders.sorting import assert_sorts
from .conftest import count_queries
from .factories import (
    ExportJobFactory,
    MembershipFactory,
    NetworkAnalysisFactory,
    OnboardingImportFactory,
    OutgoingMailFactory,
    ReminderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def day(number):
    return datetime.datetime(2031, 3, number, 9, 0, tzinfo=datetime.UTC)


def dated(row, when, field="created"):
    type(row).objects.filter(pk=row.pk).update(**{field: when})
    return row


def mail(world, when, to, subject, kind, status, attempts):
    made = OutgoingMailFactory(
        to=to, subject=subject, kind=kind, status=status, attempts=attempts, organisation=world.orgs["nanjing_body"]
    )
    return dated(made, day(when))


def test_the_outbox_sorts_by_each_column(world, page_client_for):
    a = mail(world, 2, "b@x.cn", "Subject C", "plans.returned", OutgoingMail.Status.SENT, 2)
    b = mail(world, 3, "c@x.cn", "Subject A", "reminders.entry_draft", OutgoingMail.Status.FAILED, 3)
    c = mail(world, 1, "a@x.cn", "Subject B", "evaluations.published", OutgoingMail.Status.QUEUED, 1)
    expected = {
        "created": [c, a, b],
        "to": [c, a, b],
        "subject": [b, c, a],
        "kind": [c, a, b],
        "status": [b, c, a],  # failed, queued, sent
        "attempts": [c, a, b],
    }
    assert_sorts(
        page_client_for(world.ministry), reverse("outbox-list"), OUTBOX_SORTS, expected, default_order=[b, a, c]
    )


def reminder(user, when, kind, deadline, mail_status=None):
    mail = OutgoingMailFactory(status=mail_status) if mail_status else None
    made = ReminderFactory(user=user, kind=kind, deadline=day(deadline), mail=mail)
    return dated(made, day(when))


def test_the_ministrys_reminder_history_sorts_by_each_column(world, page_client_for):
    people = {x: UserFactory(username=f"sort-reminded-{x}") for x in "abc"}
    a = reminder(people["c"], 2, "reminders.review_due", 20, OutgoingMail.Status.SENT)
    b = reminder(people["a"], 3, "reminders.entry_draft", 18, OutgoingMail.Status.FAILED)
    c = reminder(people["b"], 1, "reminders.plan_returned", 19, OutgoingMail.Status.QUEUED)
    expected = {
        "sent": [c, a, b],
        "to": [b, c, a],
        "reminder": [b, c, a],
        "deadline": [b, c, a],
        "mail": [b, c, a],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("reminder-list"), REMINDER_SORTS, expected, default_order=[b, a, c])


def test_a_persons_own_reminders_sort_without_a_recipient_column(world, page_client_for):
    a = reminder(world.nanjing_viewer, 2, "reminders.review_due", 20)
    b = reminder(world.nanjing_viewer, 3, "reminders.entry_draft", 18)
    c = reminder(world.nanjing_viewer, 1, "reminders.plan_returned", 19)
    expected = {"sent": [c, a, b], "reminder": [b, c, a], "deadline": [b, c, a], "mail": ([a, b, c], [a, b, c])}
    client = page_client_for(world.nanjing_viewer)
    assert_sorts(client, reverse("reminder-list"), MY_REMINDER_SORTS, expected, default_order=[b, a, c])
    assert "sort=to" not in client.get(reverse("reminder-list")).content.decode()


def test_the_onboarding_history_sorts_by_each_column(world, page_client_for):
    def upload(when, name, kind, dry_run, status, rows, created, by):
        made = OnboardingImportFactory(
            organisation=world.orgs["ministry"],
            original_name=name,
            kind=kind,
            dry_run=dry_run,
            status=status,
            rows=rows,
            created_rows=created,
            created_by=UserFactory(username=f"sort-uploader-{by}"),
        )
        return dated(made, day(when))

    kinds = OnboardingImport.Kind
    a = upload(2, "b.csv", kinds.ORGANISATIONS, True, "succeeded", 20, 2, "c")
    b = upload(3, "c.csv", kinds.EXPERTS, False, "failed", 30, 3, "a")
    c = upload(1, "a.csv", kinds.EXPERTS, True, "queued", 10, 1, "b")
    expected = {
        "uploaded": [c, a, b],
        "file": [c, a, b],
        "kind": ([b, c, a], [a, b, c]),  # experts, organisations: ties by row
        "mode": ([b, a, c], [a, c, b]),  # import (False) before dry run
        "status": [c, a, b],  # queued, succeeded, failed: the order of Job.Status
        "rows": [c, a, b],
        "created": [c, a, b],
        "by": [b, c, a],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("onboarding-list"), ONBOARDING_SORTS, expected, default_order=[b, a, c])


def test_the_organisations_members_sort_by_each_column(world, page_client_for):
    organisation = world.orgs["nanjing_body"]

    def member(username, last, role, active, login):
        user = UserFactory(username=username, last_name=last, first_name="", last_login=day(login))
        return MembershipFactory(user=user, organisation=organisation, role=role, is_active=active)

    roles = Membership.Role
    a = member("sort-m-b", "Zhou", roles.EDITOR, True, 2)
    b = member("sort-m-c", "Bai", roles.VIEWER, False, 3)
    c = member("sort-m-a", "Li", roles.ADMIN, True, 1)
    expected = {
        "username": [c, a, b],
        "name": [b, c, a],
        "role": [c, a, b],
        "status": ([a, c, b], [b, a, c]),  # active first; ties by row
        "last_sign_in": [c, a, b],
    }
    client = page_client_for(world.nanjing_body)
    assert_sorts(client, reverse("member-list"), MEMBERSHIP_SORTS, expected, params={"q": "sort-m-"})


def test_my_exports_sort_by_each_column(world, page_client_for):
    def job(when, key, file_format, status, rows):
        made = ExportJobFactory(
            created_by=world.nanjing_body,
            organisation=world.orgs["nanjing_body"],
            key=key,
            file_format=file_format,
            status=status,
            rows=rows,
        )
        return dated(made, day(when))

    a = job(2, "clusters.members", ExportJob.Format.XLSX, "succeeded", 20)
    b = job(3, "policies.plans", ExportJob.Format.CSV, "failed", 30)
    c = job(1, "clusters.clusters", ExportJob.Format.CSV, "queued", 10)
    expected = {
        "list": [c, a, b],
        "format": ([b, c, a], [a, b, c]),  # csv, xlsx: ties by row
        "asked": [c, a, b],
        "status": [c, a, b],
        "rows": [c, a, b],
    }
    client = page_client_for(world.nanjing_body)
    assert_sorts(client, reverse("export-list"), EXPORT_JOB_SORTS, expected, default_order=[b, a, c])


def test_a_clusters_network_runs_sort_by_each_column(world, page_client_for):
    cluster = world.nanjing_cluster

    def run(when, year, by, status, nodes, edges):
        made = NetworkAnalysisFactory(
            cluster=cluster,
            year=year,
            created_by=UserFactory(username=f"sort-analyst-{by}"),
            status=status,
            nodes=nodes,
            edges=edges,
        )
        return dated(made, day(when))

    a = run(2, 2022, "c", "succeeded", 20, 200)
    b = run(3, 2023, "a", "failed", 30, 300)
    c = run(1, 2021, "b", "queued", 10, 100)
    expected = {
        "requested": [c, a, b],
        "year": [c, a, b],
        "by": [b, c, a],
        "status": [c, a, b],
        "members": [c, a, b],
        "edges": [c, a, b],
    }
    url = reverse("cluster-network", args=[cluster.pk])

    def listed_runs(response):
        return [row.pk for row in response.context["runs"].object_list]

    client = page_client_for(world.ministry)
    for key, rows in expected.items():
        for value, order in ((key, rows), (f"-{key}", rows[::-1])):
            response = client.get(url, {"sort": value})
            assert [pk for pk in listed_runs(response) if pk in {a.pk, b.pk, c.pk}] == [r.pk for r in order], value
            assert response.context["sorting"][key].direction in ("ascending", "descending")
    assert set(expected) == set(NETWORK_RUN_SORTS.sorts)


# Query counts: the same for one row as for many, sorted ---------------------------------------------------------------


def grow(make, count):
    for _ in range(count):
        make()


@pytest.mark.parametrize(
    ("route", "role", "make", "sort"),
    [
        ("outbox-list", "ministry", lambda w: OutgoingMailFactory(organisation=w.orgs["nanjing_body"]), "-attempts"),
        ("reminder-list", "ministry", lambda w: ReminderFactory(user=w.nanjing_viewer), "to"),
        ("reminder-list", "nanjing_viewer", lambda w: ReminderFactory(user=w.nanjing_viewer), "deadline"),
        (
            "onboarding-list",
            "ministry",
            lambda w: OnboardingImportFactory(organisation=w.orgs["ministry"], created_by=w.ministry),
            "by",
        ),
        ("member-list", "nanjing_body", lambda w: MembershipFactory(organisation=w.orgs["nanjing_body"]), "name"),
        (
            "export-list",
            "nanjing_body",
            lambda w: ExportJobFactory(created_by=w.nanjing_body, organisation=w.orgs["nanjing_body"]),
            "status",
        ),
    ],
)
def test_sorted_record_lists_query_count_does_not_grow_with_rows(world, page_client_for, route, role, make, sort):
    client = page_client_for(world.user(role))
    url = reverse(route)
    make(world)
    client.get(url, {"sort": sort})
    few = count_queries(lambda: client.get(url, {"sort": sort}))
    grow(lambda: make(world), 30)
    many = count_queries(lambda: client.get(url, {"sort": sort}))
    assert few == many


def test_the_network_page_query_count_does_not_grow_with_runs(world, page_client_for):
    client = page_client_for(world.ministry)
    url = reverse("cluster-network", args=[world.nanjing_cluster.pk])
    NetworkAnalysisFactory(cluster=world.nanjing_cluster, status="failed", created_by=world.ministry)
    client.get(url, {"sort": "by"})
    few = count_queries(lambda: client.get(url, {"sort": "by"}))
    for _ in range(15):
        NetworkAnalysisFactory(cluster=world.nanjing_cluster, status="failed", created_by=world.ministry)
    many = count_queries(lambda: client.get(url, {"sort": "by"}))
    assert few == many
    assert Reminder.objects.count() == 0  # nothing else was made


def test_the_verification_queue_sorts_by_each_column_and_pages(world, page_client_for):
    from clusters.observations.tables import QUEUE_SORTS
    from clusters.observations.views import QUEUE_PAGE

    from .factories import ClusterFactory, IndicatorFactory, ObservationFactory

    indicators = [IndicatorFactory(position=n) for n in (901, 902, 903)]

    def value(cluster, indicator, year, amount, status):
        return ObservationFactory(
            cluster=ClusterFactory(name=cluster),
            indicator=indicators[indicator],
            year=year,
            value=amount,
            status=status,
        )

    a = value("Queue B", 1, 2022, "20", "submitted")
    b = value("Queue C", 2, 2023, "30", "verified")
    c = value("Queue A", 0, 2021, "10", "draft")
    expected = {"cluster": [c, a, b], "indicator": [c, a, b], "year": [c, a, b], "value": [c, a, b], "state": [c, a, b]}
    client = page_client_for(world.ministry)
    url = reverse("observation-queue")
    assert_sorts(client, url, QUEUE_SORTS, expected, params={"status": "all"}, default_order=[c, a, b])
    for number in range(QUEUE_PAGE):
        value(f"Queue X{number:03}", 0, 2020, "1", "submitted")
    first = client.get(url, {"sort": "cluster"})
    assert len(first.context["page"].object_list) == QUEUE_PAGE and first.context["page"].has_next()
    assert 'class="pagination' in first.content.decode()
