"""In-app notifications (tenancy): addressed to an organisation, rendered in the reader's language, read per user,
seen only by the organisation's members; the page, the API, the navbar badge and their query counts."""

from django.urls import reverse
from django.utils import translation

from tenancy.models import Membership, Notification
from tenancy.notifications.services import notify, render_message, unread_count

from .builders.plans import make_plan
from .conftest import count_queries
from .factories import MembershipFactory


def returned_note(world, organisation="jiangsu", link="/plans/"):
    return notify(
        [world.orgs[organisation]],
        kind="plans.returned",
        actor=world.ministry,
        link=link,
        params={
            "plan": "南京方案",
            "cluster": "南京集群",
            "cluster_en": "Nanjing cluster",
            "organisation": "工业和信息化部规划司",
            "organisation_en": "MIIT Department of Planning",
            "version": 1,
            "comment": "请补充",
        },
    )[0]


def test_the_message_is_rendered_in_the_readers_language(world):
    note = returned_note(world)
    with translation.override("en"):
        assert render_message(note) == (
            "MIIT Department of Planning returned the cultivation plan “南京方案” of Nanjing cluster "
            "with comments: 请补充"
        )
    with translation.override("zh-hans"):
        text = render_message(note)
    assert "工业和信息化部规划司" in text and "南京集群" in text and "请补充" in text
    assert "MIIT" not in text and "Nanjing cluster" not in text


def test_notify_sends_one_notification_per_organisation(world):
    notes = notify(
        [world.orgs["jiangsu"], world.orgs["jiangsu"].pk, None, world.orgs["guangdong"]],
        kind="plans.approved",
        params={"plan": "p", "cluster": "c", "organisation": "o", "version": 1},
    )
    assert sorted(n.organisation_id for n in notes) == sorted([world.orgs["jiangsu"].pk, world.orgs["guangdong"].pk])


def test_a_user_sees_only_the_notifications_of_their_organisation(world, client_for):
    own = returned_note(world, "nanjing_body")
    returned_note(world, "jiangsu")
    returned_note(world, "shenzhen_body")
    for role, expected in (
        ("nanjing_body", {own.pk}),
        ("nanjing_viewer", {own.pk}),
        ("ministry", set()),
        ("expert", set()),
    ):
        body = client_for(world.user(role)).get(reverse("api:notification-list")).json()
        assert {row["id"] for row in body["results"]} == expected, role


def test_each_member_marks_a_notification_read_for_themselves(world, client_for, page_client_for):
    note = returned_note(world, "nanjing_body")
    admin, viewer = world.nanjing_body, world.nanjing_viewer
    assert unread_count(user=admin) == unread_count(user=viewer) == 1
    response = client_for(admin).post(reverse("api:notification-read", args=[note.pk]))
    assert response.status_code == 200 and response.json()["read"] is True
    assert unread_count(user=admin) == 0 and unread_count(user=viewer) == 1
    body = client_for(viewer).get(reverse("api:notification-list"), {"unread": "true"}).json()
    assert [row["id"] for row in body["results"]] == [note.pk]
    page = page_client_for(viewer).get(reverse("dashboard")).content.decode()
    assert 'id="unread-notifications">1<' in page
    response = page_client_for(viewer).get(reverse("notification-open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert unread_count(user=viewer) == 0
    page = page_client_for(viewer).get(reverse("dashboard")).content.decode()
    assert 'id="unread-notifications"' not in page


def test_mark_all_read_on_the_page_and_the_api(world, client_for, page_client_for):
    for _ in range(3):
        returned_note(world, "jiangsu")
    client = page_client_for(world.jiangsu)
    response = client.post(reverse("notification-read-all"))
    assert response.status_code == 302
    assert unread_count(user=world.jiangsu) == 0
    returned_note(world, "jiangsu")
    body = client_for(world.jiangsu).post(reverse("api:notification-read-all")).json()
    assert body == {"marked": 1, "unread": 0}


def test_a_link_off_the_site_is_not_followed(world, page_client_for):
    note = returned_note(world, "jiangsu", link="https://evil.example.com/")
    response = page_client_for(world.jiangsu).get(reverse("notification-open", args=[note.pk]))
    assert response["Location"] == reverse("notification-list")


def test_plan_transitions_notify_the_other_side(world, page_client_for):
    make_plan(world, state="returned")
    page = page_client_for(world.jiangsu).get(reverse("notification-list"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "returned the cultivation plan" in text and "请细化目标的年度分解。" in text
    ministry_page = page_client_for(world.ministry).get(reverse("notification-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "submitted the cultivation plan" in ministry_page.content.decode()


def grow_notifications(world, n):
    for _ in range(n):
        returned_note(world, "nanjing_body")
    MembershipFactory.create_batch(3, organisation=world.orgs["nanjing_body"], role=Membership.Role.VIEWER)
    for note in Notification._base_manager.filter(organisation=world.orgs["nanjing_body"])[: n // 2]:
        note.reads.model._base_manager.create(notification=note, user=world.nanjing_body)


def test_notification_lists_query_counts_do_not_grow_with_rows(world, client_for, page_client_for):
    returned_note(world, "nanjing_body")
    for client, url in (
        (client_for(world.nanjing_body), reverse("api:notification-list")),
        (page_client_for(world.nanjing_body), reverse("notification-list")),
        (page_client_for(world.nanjing_body), reverse("dashboard")),
    ):
        client.get(url)
        few = count_queries(lambda client=client, url=url: client.get(url))
        grow_notifications(world, 30)
        many = count_queries(lambda client=client, url=url: client.get(url))
        assert few == many, f"{url}: {few} queries with 1 notification, {many} with more"
